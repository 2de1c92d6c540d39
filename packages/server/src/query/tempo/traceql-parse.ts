/**
 * TraceQL (Tempo's query language) into a TraceFilter (store/traces/trace-filter.ts).
 *
 * Understood: spansets `{ ... }` of conditions with `&&`, `||`, `!` and parentheses; the
 * comparisons `= != > >= < <= =~ !~`; intrinsics (name, status, statusMessage, kind, duration,
 * rootName, rootServiceName, traceDuration and their `span:`/`trace:` forms, span:id, trace:id,
 * nestedSetParent compared with numbers below 1: `{ nestedSetParent < 0 }` is a root span);
 * attributes `span.x`, `resource.x`, `.x` (quoted names too); strings, numbers, durations,
 * true/false, nil and the status and kind keywords; spansets joined with `&&` and `||`; and the
 * pipeline stages `select(...)`, `count()` / `avg|min|max|sum(field)` compared with a value,
 * and a further `{ ... }` filter. Structural operators, arithmetic, `by()`, `coalesce()` and the
 * event, link and instrumentation scopes are refused with PTR_ERR_QUERY naming the part.
 */
import type {
  CompareOp, FilterValue, SpanCondition, SpanField, SpanKindName, SpansetAggregate, SpansetExpr, SpanStatusName, TraceFilter,
} from '../../store/traces/trace-filter.js';
import { lex, queryError, type Token } from './traceql-lexer.js';

type IntrinsicName = Extract<SpanField, { kind: 'intrinsic' }>['name'];
type TraceName = Extract<SpanField, { kind: 'trace' }>['name'];
/** Each intrinsic under its names: the short form and the scoped one (`span:`, `trace:`). */
const INTRINSICS: Record<string, SpanField> = Object.fromEntries([
  ...(['name', 'status', 'statusMessage', 'kind', 'duration'] as const).flatMap((n) => [n, `span:${n}`].map((k) => [k, { kind: 'intrinsic', name: n }])),
  ['span:id', { kind: 'intrinsic', name: 'spanId' satisfies IntrinsicName }],
  ['nestedSetParent', { kind: 'intrinsic', name: 'nestedSetParent' satisfies IntrinsicName }],
  ['trace:id', { kind: 'intrinsic', name: 'traceId' satisfies IntrinsicName }],
  ...([['rootName', 'trace:rootName', 'rootName'], ['rootServiceName', 'trace:rootService', 'rootService'], ['traceDuration', 'trace:duration', 'duration']] as const).flatMap(
    ([short, scoped, name]) => [short, scoped].map((k) => [k, { kind: 'trace', name: name satisfies TraceName }]),
  ),
]) as Record<string, SpanField>;
const STATUS = new Set<string>(['error', 'ok', 'unset']);
const KINDS = new Set<string>(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
const COMPARE = new Set<string>(['=', '!=', '>', '>=', '<', '<=', '=~', '!~']);
const STRUCTURAL = new Set<string>(['>>', '<<', '>', '<', '~', '!>>', '!<<', '!>', '!<', '!~']);
const AGGREGATES = new Set(['count', 'avg', 'min', 'max', 'sum']);
/** Refused before TraceFilter could be built, with what to use instead where there is something. */
const UNSUPPORTED_STAGES: Record<string, string> = { by: 'by() grouping', coalesce: 'coalesce()', quantile_over_time: 'metrics queries', rate: 'metrics queries (use the Prometheus API)', count_over_time: 'metrics queries (use the Prometheus API)' };

class Parser {
  private i = 0;
  private readonly show: SpanField[] = [];

  constructor(
    private readonly q: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private isOp(v: string, t = this.peek()): boolean {
    return t.t === 'op' && t.v === v;
  }

  private expect(v: string): void {
    const t = this.next();
    if (!this.isOp(v, t)) throw this.fail(t, `expected ${JSON.stringify(v)}, got ${describe(t)}`);
  }

  private fail(t: Token, message: string): Error {
    return queryError(this.q, t.at, message);
  }

  parse(): TraceFilter {
    let spansets = this.spansetOr();
    const aggregates: SpansetAggregate[] = [];
    while (this.isOp('|')) {
      this.next();
      const t = this.peek();
      if (this.isOp('{')) {
        // `{A} | {B}`: the spans of A that also match B
        this.next();
        const cond = this.fieldOr();
        this.expect('}');
        if (spansets.op !== 'spanset') throw this.fail(t, 'a spanset filter stage after combined spansets is not supported');
        spansets = { op: 'spanset', condition: { op: 'and', left: spansets.condition, right: cond } };
      } else if (t.t === 'ident' && t.v === 'select') {
        this.next();
        this.expect('(');
        for (;;) {
          this.show.push(this.field(this.next()));
          if (!this.isOp(',')) break;
          this.next();
        }
        this.expect(')');
      } else if (t.t === 'ident' && AGGREGATES.has(t.v)) aggregates.push(this.aggregate());
      else if (t.t === 'ident' && UNSUPPORTED_STAGES[t.v]) throw this.fail(t, `${UNSUPPORTED_STAGES[t.v]} is not supported`);
      else throw this.fail(t, `expected a pipeline stage (select, count, avg, min, max, sum or { ... }), got ${describe(t)}`);
    }
    const end = this.peek();
    if (end.t !== 'end') {
      if (end.t === 'op' && STRUCTURAL.has(end.v)) throw this.fail(end, `the structural operator ${end.v} is not supported`);
      throw this.fail(end, `unexpected ${describe(end)}`);
    }
    return { spansets, aggregates, show: dedupe(this.show) };
  }

  /** `operand (op operand)*`, joined to the left. */
  private leftAssoc<T>(op: string, operand: () => T, join: (left: T, right: T) => T): T {
    let left = operand();
    while (this.isOp(op)) {
      this.next();
      left = join(left, operand());
    }
    return left;
  }

  private spansetOr(): SpansetExpr {
    return this.leftAssoc<SpansetExpr>('||', () => this.spansetAnd(), (left, right) => ({ op: 'or', left, right }));
  }

  private spansetAnd(): SpansetExpr {
    let left = this.spansetPrimary();
    for (;;) {
      const t = this.peek();
      if (this.isOp('&&')) {
        this.next();
        left = { op: 'and', left, right: this.spansetPrimary() };
      } else if (t.t === 'op' && STRUCTURAL.has(t.v)) throw this.fail(t, `the structural operator ${t.v} is not supported`);
      else return left;
    }
  }

  private spansetPrimary(): SpansetExpr {
    const t = this.next();
    if (this.isOp('(', t)) {
      const e = this.spansetOr();
      this.expect(')');
      return e;
    }
    if (!this.isOp('{', t)) throw this.fail(t, `expected a spanset { ... }, got ${describe(t)}`);
    if (this.isOp('}')) {
      this.next();
      return { op: 'spanset', condition: { op: 'const', value: true } };
    }
    const condition = this.fieldOr();
    this.expect('}');
    return { op: 'spanset', condition };
  }

  private fieldOr(): SpanCondition {
    return this.leftAssoc<SpanCondition>('||', () => this.fieldAnd(), (left, right) => ({ op: 'or', left, right }));
  }

  private fieldAnd(): SpanCondition {
    return this.leftAssoc<SpanCondition>('&&', () => this.fieldUnary(), (left, right) => ({ op: 'and', left, right }));
  }

  private fieldUnary(): SpanCondition {
    const t = this.peek();
    if (this.isOp('!')) {
      this.next();
      return { op: 'not', operand: this.fieldUnary() };
    }
    if (this.isOp('(')) {
      this.next();
      const c = this.fieldOr();
      this.expect(')');
      return c;
    }
    if (t.t === 'ident' && (t.v === 'true' || t.v === 'false')) {
      this.next();
      return { op: 'const', value: t.v === 'true' };
    }
    return this.comparison();
  }

  private comparison(): SpanCondition {
    const ft = this.next();
    const field = this.field(ft);
    const ot = this.next();
    if (ot.t !== 'op' || !COMPARE.has(ot.v)) {
      if (ot.t === 'op' && ['+', '-', '*', '/', '%', '^'].includes(ot.v)) throw this.fail(ot, 'arithmetic in conditions is not supported');
      throw this.fail(ot, `expected a comparison (= != > >= < <= =~ !~) after ${JSON.stringify(this.q.slice(ft.at, ot.at).trim())}, got ${describe(ot)}`);
    }
    const cmp = ot.v as CompareOp;
    const vt = this.peek();
    const value = this.value();
    checkComparison(field, cmp, value, (m) => this.fail(vt, m));
    if (field.kind === 'attribute') this.show.push(field);
    return { op: 'compare', field, cmp, value };
  }

  private field(t: Token): SpanField {
    if (t.t === 'attr') {
      if (t.scope === '' || t.scope === 'span' || t.scope === 'resource') return { kind: 'attribute', scope: t.scope === '' ? 'any' : t.scope, key: t.key };
      throw this.fail(t, `the ${t.scope} scope is not supported (span., resource. and . are)`);
    }
    if (t.t === 'ident' && INTRINSICS[t.v]) return INTRINSICS[t.v]!;
    if (t.t === 'ident') throw this.fail(t, `unknown intrinsic ${JSON.stringify(t.v)} (attributes are written span.${t.v}, resource.${t.v} or .${t.v})`);
    throw this.fail(t, `expected a field (an intrinsic such as duration, or an attribute such as span.http.route), got ${describe(t)}`);
  }

  private value(): FilterValue {
    const t = this.next();
    if (t.t === 'string') return { type: 'string', value: t.v };
    if (t.t === 'duration') return { type: 'duration', ns: t.ns };
    if (t.t === 'number') return t.integer ? { type: 'int', value: t.v } : { type: 'float', value: t.v };
    if (this.isOp('-', t)) {
      const n = this.next();
      if (n.t === 'number') return n.integer ? { type: 'int', value: -n.v } : { type: 'float', value: -n.v };
      throw this.fail(n, `expected a number after "-", got ${describe(n)}`);
    }
    if (t.t === 'ident') {
      if (t.v === 'true' || t.v === 'false') return { type: 'bool', value: t.v === 'true' };
      if (t.v === 'nil') return { type: 'nil' };
      if (STATUS.has(t.v)) return { type: 'status', value: t.v as SpanStatusName };
      if (KINDS.has(t.v)) return { type: 'kind', value: t.v as SpanKindName };
    }
    if (t.t === 'attr' || (t.t === 'ident' && INTRINSICS[t.v])) throw this.fail(t, 'comparing two fields is not supported; compare a field with a value');
    throw this.fail(t, `expected a value (a "string", number, duration, true, false, nil, a status or a kind), got ${describe(t)}`);
  }

  private aggregate(): SpansetAggregate {
    const ft = this.next() as Extract<Token, { t: 'ident' }>;
    const fn = ft.v as SpansetAggregate['fn'];
    this.expect('(');
    let field: SpanField | undefined;
    if (fn !== 'count') {
      const t = this.next();
      field = this.field(t);
      if (!(field.kind === 'attribute' || (field.kind === 'intrinsic' && field.name === 'duration'))) throw this.fail(t, `${fn}() takes duration or a numeric attribute`);
    }
    this.expect(')');
    const ot = this.next();
    if (ot.t !== 'op' || !['=', '!=', '>', '>=', '<', '<='].includes(ot.v)) throw this.fail(ot, `expected a comparison after ${fn}(), got ${describe(ot)}`);
    const vt = this.peek();
    const value = this.value();
    if (value.type !== 'int' && value.type !== 'float' && value.type !== 'duration') throw this.fail(vt, `${fn}() compares with a number or a duration`);
    return { fn, ...(field ? { field } : {}), cmp: ot.v as SpansetAggregate['cmp'], value };
  }
}

function describe(t: Token): string {
  switch (t.t) {
    case 'end':
      return 'the end of the query';
    case 'op':
      return JSON.stringify(t.v);
    case 'string':
      return `the string ${JSON.stringify(t.v)}`;
    case 'attr':
      return `the attribute ${t.scope}.${t.key}`;
    case 'ident':
      return JSON.stringify(t.v);
    default:
      return 'a number';
  }
}

/** The comparisons that have a meaning for the field's type, as Tempo accepts them. */
function checkComparison(field: SpanField, cmp: CompareOp, value: FilterValue, fail: (m: string) => Error): void {
  const name = field.kind === 'attribute' ? `${field.scope === 'any' ? '' : field.scope}.${field.key}` : field.kind === 'trace' ? `trace:${field.name}` : field.name;
  const need = (ok: boolean, what: string) => {
    if (!ok) throw fail(`${name} ${cmp} needs ${what}, got ${value.type === 'nil' ? 'nil' : `a ${value.type}`}`);
  };
  const equality = cmp === '=' || cmp === '!=';
  if (field.kind === 'attribute') {
    if (value.type === 'nil' || value.type === 'bool') need(equality, 'a value other than nil or a bool');
    else if (cmp === '=~' || cmp === '!~') need(value.type === 'string', 'a "regex" string');
    else need(value.type !== 'status' && value.type !== 'kind', 'a string, number or bool (status and kind keywords go with status and kind)');
    return;
  }
  const f = field.name;
  if (f === 'duration') need(value.type === 'duration' && cmp !== '=~' && cmp !== '!~', 'a duration such as 100ms');
  else if (f === 'status') need(value.type === 'status' && equality, 'error, ok or unset with = or !=');
  else if (f === 'kind') need(value.type === 'kind' && equality, 'a span kind (server, client, ...) with = or !=');
  else if (f === 'nestedSetParent') {
    // Tempo gives root spans -1 and others positive numbers, which Pointer does not keep
    need((value.type === 'int' || value.type === 'float') && value.value < 1 && cmp !== '=~' && cmp !== '!~', 'a number below 1 (root spans have -1; Pointer tells only root spans from the rest)');
  } else need(value.type === 'string', 'a "string"');
}

function dedupe(fields: SpanField[]): SpanField[] {
  const seen = new Set<string>();
  return fields.filter((f) => {
    const k = JSON.stringify(f);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function parseTraceQL(q: string): TraceFilter {
  return new Parser(q, lex(q)).parse();
}
