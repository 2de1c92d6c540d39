/**
 * A trace filter: what a TraceQL query (query/tempo/traceql.ts) asks of the trace store, as a
 * tree the store compiles into its own query language (trace-filter-sql.ts). It says which
 * spans match (span conditions inside spansets), how spansets combine into a trace match
 * (`{A} && {B}`: a span matching A and one matching B), aggregate conditions over a trace's
 * matching spans (`| count() > 2`) and which fields the answer shows (`| select(...)`).
 */

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~';

export type SpanStatusName = 'error' | 'ok' | 'unset';
/** OTLP SpanKind names in lower case. */
export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export type SpanField =
  /** A column of the span itself. */
  /** `nestedSetParent`: Tempo's -1 for a root span; Pointer keeps no nested set, so only root or not. */
  | { kind: 'intrinsic'; name: 'name' | 'status' | 'statusMessage' | 'kind' | 'duration' | 'spanId' | 'traceId' | 'nestedSetParent' }
  /** A property of the whole trace (its root span, its extent), the same for all its spans. */
  | { kind: 'trace'; name: 'rootName' | 'rootService' | 'duration' }
  /** `span.x`, `resource.x`, or `.x` (either scope). */
  | { kind: 'attribute'; scope: 'span' | 'resource' | 'any'; key: string };

export type FilterValue =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'duration'; ns: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'nil' }
  | { type: 'status'; value: SpanStatusName }
  | { type: 'kind'; value: SpanKindName };

export type SpanCondition =
  | { op: 'and' | 'or'; left: SpanCondition; right: SpanCondition }
  | { op: 'not'; operand: SpanCondition }
  | { op: 'compare'; field: SpanField; cmp: CompareOp; value: FilterValue }
  | { op: 'const'; value: boolean };

export type SpansetExpr =
  | { op: 'spanset'; condition: SpanCondition }
  | { op: 'and' | 'or'; left: SpansetExpr; right: SpansetExpr };

/** `count() > 2`, `avg(duration) > 1s`, `max(span.size) >= 10` over a trace's matching spans. */
export interface SpansetAggregate {
  fn: 'count' | 'avg' | 'min' | 'max' | 'sum';
  /** Absent for count(). */
  field?: SpanField;
  cmp: '=' | '!=' | '>' | '>=' | '<' | '<=';
  value: FilterValue;
}

export interface TraceFilter {
  spansets: SpansetExpr;
  /** All must hold. */
  aggregates: SpansetAggregate[];
  /** Fields shown with each matched span (select(), plus the attributes the conditions name). */
  show: SpanField[];
}

/** The spanset conditions of a tree, left to right. */
export function spansetLeaves(e: SpansetExpr, out: SpanCondition[] = []): SpanCondition[] {
  if (e.op === 'spanset') out.push(e.condition);
  else {
    spansetLeaves(e.left, out);
    spansetLeaves(e.right, out);
  }
  return out;
}

function conditionHasTraceField(c: SpanCondition): boolean {
  if (c.op === 'and' || c.op === 'or') return conditionHasTraceField(c.left) || conditionHasTraceField(c.right);
  if (c.op === 'not') return conditionHasTraceField(c.operand);
  return c.op === 'compare' && c.field.kind === 'trace';
}

/**
 * True when a trace's match is decided over the trace, not span by span: spansets joined with
 * &&, aggregates, or trace-level fields (root span, trace duration). A search then takes
 * candidates with a cheaper condition and checks them one trace at a time.
 */
export function needsTraceCheck(f: TraceFilter): boolean {
  const hasAnd = (e: SpansetExpr): boolean => e.op === 'and' || (e.op === 'or' && (hasAnd(e.left) || hasAnd(e.right)));
  return f.aggregates.length > 0 || hasAnd(f.spansets) || spansetLeaves(f.spansets).some(conditionHasTraceField);
}

export function fieldName(f: SpanField): string {
  if (f.kind === 'attribute') return f.scope === 'any' ? `.${f.key}` : `${f.scope}.${f.key}`;
  if (f.kind === 'trace') return `trace:${f.name}`;
  return f.name;
}
