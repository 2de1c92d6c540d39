/**
 * A TraceFilter (trace-filter.ts) as ClickHouse SQL over otel_traces. User values are bound as
 * {fN:Type} parameters; only column names chosen here enter the text.
 *
 * - A span condition becomes a WHERE predicate on span rows. Attribute comparisons follow
 *   TraceQL: a missing attribute compares false (`!=` too); numbers compare numerically; an
 *   integer `=` compares the stored decimal text, so the map-values bloom filter still applies;
 *   regexes are RE2, fully anchored. `.x` (either scope) matches when the span's or the
 *   resource's attribute does.
 * - Trace-level fields (root span name and service, trace duration) become
 *   `TraceId IN (subquery over the search range)`, exact wherever they stand in the condition;
 *   for a search's candidates they are relaxed (CompileOptions.relaxTraceLevel) and checked on
 *   the candidates alone (idsParam).
 * - Spansets combined with && and aggregates become a HAVING over the trace's matching spans.
 */
import { TRACES_TABLE } from './schema.js';
import {
  needsTraceCheck, spansetLeaves, type CompareOp, type FilterValue, type SpanCondition, type SpanField, type SpansetAggregate, type SpansetExpr, type TraceFilter,
} from './trace-filter.js';

type Params = Record<string, string | number | readonly string[]>;

export interface TraceFilterSql {
  /** Per span: it belongs to a matching spanset (any leaf). */
  match: string;
  /** Per trace (GROUP BY TraceId), when the trace match needs more than one matching span. */
  having?: string;
}

const STATUS_CODES: Record<string, readonly string[]> = { unset: ['Unset', 'STATUS_CODE_UNSET'], ok: ['Ok', 'STATUS_CODE_OK'], error: ['Error', 'STATUS_CODE_ERROR'] };

function kindCodes(kind: string): string[] {
  return [kind.charAt(0).toUpperCase() + kind.slice(1), `SPAN_KIND_${kind.toUpperCase()}`];
}

/** SQL comparison operators for the ordered ones. */
const ORDERED: Partial<Record<CompareOp, string>> = { '=': '=', '!=': '!=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

export interface CompileOptions {
  /** Names of the Int64 parameters holding the search range in Unix ns, which trace-level subqueries read. */
  rangeParams: { start: string; end: string };
  /**
   * Trace-level comparisons become true where they count for a match and false under a negation:
   * a cheap condition that every span of an exact match meets (candidates, checked after).
   */
  relaxTraceLevel?: boolean;
  /** An Array(String) parameter of the traces read: trace-level subqueries read only those. */
  idsParam?: string;
}

export class TraceFilterCompiler {
  private n = 0;
  /** Inside an odd number of negations. */
  private negated = false;

  constructor(
    private readonly params: Params,
    private readonly o: CompileOptions,
  ) {}

  private bind(type: string, value: string | number | readonly string[]): string {
    const name = `f${this.n++}`;
    this.params[name] = value;
    return `{${name}:${type}}`;
  }

  compile(f: TraceFilter): TraceFilterSql {
    const leaves = spansetLeaves(f.spansets).map((c) => this.condition(c));
    const match = leaves.length === 1 ? leaves[0]! : leaves.map((l) => `(${l})`).join(' OR ');
    if (!needsTraceCheck(f)) return { match };
    let i = 0;
    const tree = (e: SpansetExpr): string => (e.op === 'spanset' ? `countIf(${leaves[i++]}) > 0` : `(${tree(e.left)} ${e.op === 'and' ? 'AND' : 'OR'} ${tree(e.right)})`);
    const having = [tree(f.spansets), ...f.aggregates.map((a) => this.aggregate(a))].join(' AND ');
    return { match, having };
  }

  condition(c: SpanCondition): string {
    switch (c.op) {
      case 'and':
      case 'or':
        return `(${this.condition(c.left)} ${c.op === 'and' ? 'AND' : 'OR'} ${this.condition(c.right)})`;
      case 'not': {
        this.negated = !this.negated;
        const inner = this.condition(c.operand);
        this.negated = !this.negated;
        return `NOT (${inner})`;
      }
      case 'const':
        return c.value ? '1' : '0';
      case 'compare':
        return this.compare(c.field, c.cmp, c.value);
    }
  }

  private compare(field: SpanField, cmp: CompareOp, value: FilterValue): string {
    if (field.kind === 'attribute') return this.attribute(field.scope, field.key, cmp, value);
    if (field.kind === 'trace') return this.traceLevel(field.name, cmp, value);
    switch (field.name) {
      case 'name':
        return this.text('SpanName', cmp, value);
      case 'statusMessage':
        return this.text('StatusMessage', cmp, value);
      case 'spanId':
        return this.text('SpanId', cmp, value.type === 'string' ? { type: 'string', value: value.value.toLowerCase() } : value);
      case 'nestedSetParent':
        return rootComparison(cmp, (value as { value: number }).value);
      case 'traceId':
        return this.text('TraceId', cmp, value.type === 'string' ? { type: 'string', value: value.value.toLowerCase() } : value);
      case 'duration':
        return `Duration ${ORDERED[cmp]} ${this.bind('UInt64', (value as { ns: bigint }).ns.toString())}`;
      case 'status':
        return `StatusCode ${cmp === '=' ? 'IN' : 'NOT IN'} ${this.bind('Array(String)', STATUS_CODES[(value as { value: string }).value]!)}`;
      case 'kind':
        return `SpanKind ${cmp === '=' ? 'IN' : 'NOT IN'} ${this.bind('Array(String)', kindCodes((value as { value: string }).value))}`;
    }
  }

  /** A string column (never missing) against a string. */
  private text(column: string, cmp: CompareOp, value: FilterValue): string {
    const v = (value as { value: string }).value;
    if (cmp === '=~') return `match(${column}, ${this.bind('String', anchored(v))})`;
    if (cmp === '!~') return `NOT match(${column}, ${this.bind('String', anchored(v))})`;
    return `${column} ${ORDERED[cmp]} ${this.bind('String', v)}`;
  }

  private attribute(scope: 'span' | 'resource' | 'any', key: string, cmp: CompareOp, value: FilterValue): string {
    if (scope === 'any') {
      const span = this.attribute('span', key, cmp, value);
      const res = this.attribute('resource', key, cmp, value);
      // `.x = nil`: missing in both scopes
      return value.type === 'nil' && cmp === '=' ? `(${span} AND ${res})` : `(${span} OR ${res})`;
    }
    if (scope === 'resource' && key === 'service.name' && value.type !== 'nil') return this.text('ServiceName', cmp, value);
    const col = scope === 'span' ? 'SpanAttributes' : 'ResourceAttributes';
    const k = this.bind('String', key);
    const has = `mapContains(${col}, ${k})`;
    const val = `${col}[${k}]`;
    switch (value.type) {
      case 'nil':
        return cmp === '=' ? `NOT ${has}` : has;
      case 'string':
        if (cmp === '=~' || cmp === '!~') return `(${has} AND ${cmp === '!~' ? 'NOT ' : ''}match(${val}, ${this.bind('String', anchored(value.value))}))`;
        // a missing key reads as '': only `= ""` needs the presence check
        if (cmp === '=' && value.value !== '') return `${val} = ${this.bind('String', value.value)}`;
        return `(${has} AND ${val} ${ORDERED[cmp]} ${this.bind('String', value.value)})`;
      case 'bool':
        return `(${has} AND ${val} ${cmp === '=' ? '=' : '!='} ${this.bind('String', value.value ? 'true' : 'false')})`;
      case 'int':
        if (cmp === '=') return `${val} = ${this.bind('String', String(value.value))}`;
        return `(${has} AND toFloat64OrNull(${val}) ${ORDERED[cmp]} ${this.bind('Float64', value.value)})`;
      case 'float':
        return `(${has} AND toFloat64OrNull(${val}) ${ORDERED[cmp]} ${this.bind('Float64', value.value)})`;
      case 'duration':
        return `(${has} AND toFloat64OrNull(${val}) ${ORDERED[cmp]} ${this.bind('Float64', Number(value.ns))})`;
      default:
        return '0';
    }
  }

  private traceLevel(name: 'rootName' | 'rootService' | 'duration', cmp: CompareOp, value: FilterValue): string {
    if (this.o.relaxTraceLevel) return this.negated ? '0' : '1';
    const { start, end } = this.o.rangeParams;
    const ids = this.o.idsParam ? ` AND TraceId IN {${this.o.idsParam}:Array(String)}` : '';
    const range = `TenantId = {tenant:String}${ids} AND Timestamp >= fromUnixTimestamp64Nano({${start}:Int64}) AND Timestamp <= fromUnixTimestamp64Nano({${end}:Int64})`;
    if (name === 'duration') {
      const ns = this.bind('Int64', (value as { ns: bigint }).ns.toString());
      return `TraceId IN (SELECT TraceId FROM ${TRACES_TABLE} WHERE ${range} GROUP BY TraceId
  HAVING max(toInt128(toUnixTimestamp64Nano(Timestamp)) + Duration) - min(toUnixTimestamp64Nano(Timestamp)) ${ORDERED[cmp]} ${ns})`;
    }
    const cond = this.text(name === 'rootName' ? 'SpanName' : 'ServiceName', cmp, value);
    return `TraceId IN (SELECT TraceId FROM ${TRACES_TABLE} WHERE ${range} AND ParentSpanId = '' AND ${cond})`;
  }

  /** Over the trace's rows in the group, which the WHERE has narrowed to the matching spans. */
  private aggregate(a: SpansetAggregate): string {
    const op = ORDERED[a.cmp]!;
    const v = a.value.type === 'duration' ? Number(a.value.ns) : (a.value as { value: number }).value;
    // NULLs (a missing or non-numeric attribute) are skipped by the aggregate functions
    const x = a.fn === 'count' ? 'count()' : `${a.fn}(${this.numeric(a.field!)})`;
    return `${x} ${op} ${this.bind('Float64', v)}`;
  }

  /** A numeric field as a Nullable(Float64) expression (NULL where missing or not a number). */
  private numeric(f: SpanField): string {
    if (f.kind === 'intrinsic' && f.name === 'duration') return 'toNullable(toFloat64(Duration))';
    if (f.kind === 'attribute') {
      const k = this.bind('String', f.key);
      const span = `if(mapContains(SpanAttributes, ${k}), toFloat64OrNull(SpanAttributes[${k}]), NULL)`;
      const res = `if(mapContains(ResourceAttributes, ${k}), toFloat64OrNull(ResourceAttributes[${k}]), NULL)`;
      return f.scope === 'span' ? span : f.scope === 'resource' ? res : `coalesce(${span}, ${res})`;
    }
    return 'CAST(NULL AS Nullable(Float64))';
  }

  /** A field's text and OTLP type letter (s, i, d, b) for a matched span's answer; '' type when missing. */
  shown(f: SpanField): string {
    if (f.kind === 'intrinsic') {
      switch (f.name) {
        case 'duration':
          return `tuple(toString(Duration), 'i')`;
        case 'name':
          return `tuple(toString(SpanName), 's')`;
        case 'statusMessage':
          return `tuple(StatusMessage, 's')`;
        case 'status':
          return `tuple(lower(replaceOne(toString(StatusCode), 'STATUS_CODE_', '')), 's')`;
        case 'kind':
          return `tuple(lower(replaceOne(toString(SpanKind), 'SPAN_KIND_', '')), 's')`;
        case 'spanId':
          return `tuple(SpanId, 's')`;
        case 'nestedSetParent':
          return `tuple(if(ParentSpanId = '', '-1', ''), if(ParentSpanId = '', 'i', ''))`;
        case 'traceId':
          return `tuple(TraceId, 's')`;
      }
    }
    if (f.kind === 'trace') return `tuple('', '')`;
    const k = this.bind('String', f.key);
    const one = (col: string, types: string) => `if(mapContains(${col}, ${k}), tuple(${col}[${k}], substring(${types}, indexOf(mapKeys(${col}), ${k}), 1)), tuple('', ''))`;
    const span = one('SpanAttributes', 'SpanAttributeTypes');
    const res = one('ResourceAttributes', 'ResourceAttributeTypes');
    if (f.scope === 'span') return span;
    if (f.scope === 'resource') return res;
    return `if(mapContains(SpanAttributes, ${k}), ${span}, ${res})`;
  }
}

/**
 * `nestedSetParent <op> v` where only root spans (-1 in Tempo) and the rest (positive values)
 * are told apart: the parser lets through only values below 1, where the answer for all
 * non-root spans is the same.
 */
function rootComparison(cmp: CompareOp, v: number): string {
  const holds = (x: number): boolean => (cmp === '=' ? x === v : cmp === '!=' ? x !== v : cmp === '>' ? x > v : cmp === '>=' ? x >= v : cmp === '<' ? x < v : x <= v);
  const root = holds(-1);
  const other = holds(1);
  if (root && other) return '1';
  if (root) return "ParentSpanId = ''";
  if (other) return "ParentSpanId != ''";
  return '0';
}

/** TraceQL regexes match the whole value (as PromQL's); RE2 in ClickHouse does not anchor. */
function anchored(re: string): string {
  return `^(?:${re})$`;
}
