/**
 * Every SQL statement the trace store runs, in one place. User input never enters the text:
 * values are bound server-side as {name:Type} parameters; only column names chosen here and
 * parameter names generated here are interpolated.
 */
import { TRACE_ID_TABLE, TRACES_BUCKET, TRACES_TABLE } from './schema.js';
import type { AttributeFilter, TimeRange, TraceSearch } from './trace-store.js';
import { TraceFilterCompiler } from './trace-filter-sql.js';
import type { TraceFilter } from './trace-filter.js';

type Params = Record<string, string | number | readonly string[]>;

export const SPAN_COLUMNS = `ServiceName AS svc, mapKeys(ResourceAttributes) AS rk, mapValues(ResourceAttributes) AS rv, ResourceAttributeTypes AS rt,
  ResourceSchemaUrl AS rs, ResourceDroppedAttributesCount AS rd,
  ScopeName AS sn, ScopeVersion AS sver, mapKeys(ScopeAttributes) AS sk, mapValues(ScopeAttributes) AS sv, ScopeAttributeTypes AS st,
  ScopeSchemaUrl AS ss, ScopeDroppedAttributesCount AS sd,
  toString(toUnixTimestamp64Nano(Timestamp)) AS start, TraceId AS tid, SpanId AS sid, ParentSpanId AS pid, TraceState AS ts,
  SpanName AS name, SpanKind AS kind, mapKeys(SpanAttributes) AS ak, mapValues(SpanAttributes) AS av, SpanAttributeTypes AS at,
  toString(Duration) AS dur, StatusCode AS sc, StatusMessage AS sm, Flags AS fl,
  DroppedAttributesCount AS da, DroppedEventsCount AS de, DroppedLinksCount AS dl,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS et, Events.Name AS en,
  arrayMap(m -> mapKeys(m), Events.Attributes) AS ek, arrayMap(m -> mapValues(m), Events.Attributes) AS ev,
  Events.AttributeTypes AS ety, Events.DroppedAttributesCount AS ed,
  Links.TraceId AS lt, Links.SpanId AS ls, Links.TraceState AS lst,
  arrayMap(m -> mapKeys(m), Links.Attributes) AS lk, arrayMap(m -> mapValues(m), Links.Attributes) AS lv,
  Links.AttributeTypes AS lty, Links.Flags AS lf, Links.DroppedAttributesCount AS ld`;

const RANGE = 'Timestamp >= fromUnixTimestamp64Nano({start:Int64}) AND Timestamp <= fromUnixTimestamp64Nano({end:Int64})';

/**
 * Spans of one trace. Without a caller's range, the lookup table gives the trace's first start
 * and last end (one scalar subquery, evaluated before index analysis), so that the sort key
 * (tenant, bucket, trace id) narrows the read to the trace's buckets and then to its granule.
 */
export function traceByIdSql(withRange: boolean): string {
  const head = withRange
    ? ''
    : `WITH (SELECT (min(Start), max(End)) FROM ${TRACE_ID_TABLE} WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}) AS bounds\n`;
  const range = withRange ? RANGE : 'Timestamp >= bounds.1 AND Timestamp <= bounds.2';
  return `${head}SELECT ${SPAN_COLUMNS}
FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
  AND ${range}
ORDER BY Timestamp, SpanId
LIMIT {maxSpans:UInt32}`;
}

const STATUS_TEXT: Record<string, readonly string[]> = { unset: ['Unset', 'STATUS_CODE_UNSET'], ok: ['Ok', 'STATUS_CODE_OK'], error: ['Error', 'STATUS_CODE_ERROR'] };

function attributeCondition(f: AttributeFilter, i: number, params: Params): string {
  params[`ak${i}`] = f.key;
  params[`av${i}`] = f.value;
  const span = `SpanAttributes[{ak${i}:String}]`;
  const res = `ResourceAttributes[{ak${i}:String}]`;
  if (f.op === 'eq') return `(${span} = {av${i}:String} OR ${res} = {av${i}:String})`;
  return `(positionCaseInsensitiveUTF8(${span}, {av${i}:String}) > 0 OR positionCaseInsensitiveUTF8(${res}, {av${i}:String}) > 0)`;
}

/** The search range, which trace-level conditions of a filter read whatever the window. */
const SEARCH_RANGE = { start: 'rstart', end: 'rend' };

/**
 * The per-span match of a search, without tenant and time range, and the per-trace condition
 * (over the trace's matching spans) when its filter needs one.
 */
function spanMatch(q: TraceSearch, params: Params, compiler: TraceFilterCompiler): { match: string; having?: string } {
  const where: string[] = [];
  let having: string | undefined;
  if (q.filter) {
    params.rstart = q.range.startNs.toString();
    params.rend = q.range.endNs.toString();
    const f = compiler.compile(q.filter);
    if (f.match !== '1') where.push(`(${f.match})`);
    having = f.having;
  }
  if (q.service !== undefined) {
    params.service = q.service;
    where.push('ServiceName = {service:String}');
  }
  if (q.spanName !== undefined) {
    params.spanName = q.spanName;
    where.push('SpanName = {spanName:String}');
  }
  if (q.status !== undefined) {
    params.status = STATUS_TEXT[q.status]!;
    where.push('StatusCode IN {status:Array(String)}');
  }
  if (q.kind !== undefined) {
    const name = q.kind.charAt(0).toUpperCase() + q.kind.slice(1).toLowerCase();
    params.kind = [name, `SPAN_KIND_${q.kind.toUpperCase()}`];
    where.push('SpanKind IN {kind:Array(String)}');
  }
  if (q.minDurationNs !== undefined) {
    params.minDur = q.minDurationNs.toString();
    where.push('Duration >= {minDur:UInt64}');
  }
  if (q.maxDurationNs !== undefined) {
    params.maxDur = q.maxDurationNs.toString();
    where.push('Duration <= {maxDur:UInt64}');
  }
  (q.attributes ?? []).forEach((f, i) => where.push(attributeCondition(f, i, params)));
  return { match: where.length ? where.join(' AND ') : '1', ...(having ? { having } : {}) };
}

/**
 * Trace search, step 0: the newest time bucket (schema.ts) of the range that holds spans of the
 * tenant, as Unix seconds. It reads the sort key (tenant, bucket, trace id) backwards and stops
 * at the first row.
 */
export function newestBucketSql(tenant: string, range: TimeRange): { sql: string; params: Params } {
  return {
    sql: `SELECT toString(toUnixTimestamp(${TRACES_BUCKET})) AS m FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND ${RANGE}
ORDER BY TenantId DESC, ${TRACES_BUCKET} DESC LIMIT 1`,
    params: { tenant, start: range.startNs.toString(), end: range.endNs.toString() },
  };
}

/**
 * Trace search, step 1, for one window of the range (search-windows.ts): the newest traces (by
 * their last matching span in the window) with a span that matches (for a filter of several
 * spansets: any of them), leaving out the traces that newer windows already found or refused.
 */
export function traceCandidatesSql(tenant: string, q: TraceSearch, window: TimeRange, found: readonly string[], limit: number): { sql: string; params: Params } {
  const params: Params = { tenant, start: window.startNs.toString(), end: window.endNs.toString(), limit, found };
  // trace-level conditions relaxed here: the candidates are checked after (traceGroupCheckSql)
  const { match } = spanMatch(q, params, new TraceFilterCompiler(params, { rangeParams: SEARCH_RANGE, relaxTraceLevel: true }));
  const sql = `SELECT TraceId AS id FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND ${RANGE} AND ${match}${found.length > 0 ? ' AND TraceId NOT IN {found:Array(String)}' : ''}
GROUP BY TraceId ORDER BY max(Timestamp) DESC LIMIT {limit:UInt32}`;
  return { sql, params };
}

/**
 * Step 1b, for a filter decided over whole traces (spanset &&, aggregates, trace-level fields:
 * trace-filter.ts needsTraceCheck): of the candidates, the traces whose matching spans in the
 * whole range satisfy it exactly, each read within its first start and last end (lookup table).
 * Undefined when the search needs no such check.
 */
export function traceGroupCheckSql(tenant: string, q: TraceSearch, ids: readonly string[]): { sql: string; params: Params } | undefined {
  const params: Params = { tenant, start: q.range.startNs.toString(), end: q.range.endNs.toString(), ids };
  const { match, having } = spanMatch(q, params, new TraceFilterCompiler(params, { rangeParams: SEARCH_RANGE, idsParam: 'ids' }));
  if (!having) return undefined;
  const sql = `WITH (SELECT (min(Start), max(End)) FROM ${TRACE_ID_TABLE} WHERE TenantId = {tenant:String} AND TraceId IN {ids:Array(String)}) AS bounds
SELECT TraceId AS id FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND TraceId IN {ids:Array(String)} AND Timestamp >= bounds.1 AND Timestamp <= bounds.2 AND ${RANGE} AND ${match}
GROUP BY TraceId
HAVING ${having}`;
  return { sql, params };
}

/**
 * Step 2: one aggregation over every span of the candidate traces, read within the traces'
 * first start and last end (lookup table), so only their partitions are touched.
 */
export function traceSummariesSql(tenant: string, q: TraceSearch, ids: readonly string[]): { sql: string; params: Params } {
  const params: Params = { tenant, start: q.range.startNs.toString(), end: q.range.endNs.toString(), ids, spss: q.spansPerTrace ?? 3 };
  const compiler = new TraceFilterCompiler(params, { rangeParams: SEARCH_RANGE, idsParam: 'ids' });
  const { match } = spanMatch(q, params, compiler);
  // each matched span: id, start, duration, name, then the filter's shown fields as (text, type)
  const shown = (q.filter?.show ?? []).map((f) => compiler.shown(f));
  const sql = `WITH (SELECT (min(Start), max(End)) FROM ${TRACE_ID_TABLE} WHERE TenantId = {tenant:String} AND TraceId IN {ids:Array(String)}) AS bounds
SELECT
  TraceId AS traceId,
  if(countIf(ParentSpanId = '') > 0, argMinIf(ServiceName, Timestamp, ParentSpanId = ''), argMin(ServiceName, Timestamp)) AS rootServiceName,
  if(countIf(ParentSpanId = '') > 0, argMinIf(SpanName, Timestamp, ParentSpanId = ''), argMin(SpanName, Timestamp)) AS rootSpanName,
  toString(min(toUnixTimestamp64Nano(Timestamp))) AS startTimeUnixNano,
  toString(max(toInt128(toUnixTimestamp64Nano(Timestamp)) + Duration) - min(toUnixTimestamp64Nano(Timestamp))) AS durationNanos,
  toUInt32(count()) AS spanCount,
  toUInt32(countIf(StatusCode IN ('Error', 'STATUS_CODE_ERROR'))) AS errorCount,
  arraySort(groupUniqArray(toString(ServiceName))) AS services,
  toUInt32(countIf(${RANGE} AND ${match})) AS matchedCount,
  groupArrayIf({spss:UInt32})(tuple(SpanId, toString(toUnixTimestamp64Nano(Timestamp)), toString(Duration), toString(SpanName), [${shown.join(', ')}]::Array(Tuple(String, String))), ${RANGE} AND ${match}) AS matched
FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND TraceId IN {ids:Array(String)}
  AND Timestamp >= bounds.1 AND Timestamp <= bounds.2
GROUP BY TraceId
ORDER BY min(Timestamp) DESC`;
  return { sql, params };
}

export const SERVICES_SQL = `SELECT DISTINCT toString(ServiceName) AS s FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND ${RANGE} ORDER BY s LIMIT 10000`;

export function operationsSql(withService: boolean): string {
  return `SELECT toString(SpanName) AS name, toString(SpanKind) AS kind, toUInt32(count()) AS count FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND ${RANGE}${withService ? ' AND ServiceName = {service:String}' : ''}
GROUP BY name, kind ORDER BY name, kind LIMIT 10000`;
}

export function attributeKeysSql(column: 'SpanAttributes' | 'ResourceAttributes'): string {
  return `SELECT DISTINCT toString(arrayJoin(mapKeys(${column}))) AS k FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND ${RANGE} ORDER BY k LIMIT 10000`;
}

/** Values of one attribute key with their type letter (position of the key in the map); `where`: more span conditions. */
export function attributeValuesSql(column: 'SpanAttributes' | 'ResourceAttributes', where = '1'): string {
  const types = column === 'SpanAttributes' ? 'SpanAttributeTypes' : 'ResourceAttributeTypes';
  return `SELECT v AS value, t AS type, toUInt32(count()) AS count FROM (
  SELECT ${column}[{key:String}] AS v, substring(${types}, indexOf(mapKeys(${column}), {key:String}), 1) AS t
  FROM ${TRACES_TABLE}
  WHERE TenantId = {tenant:String} AND ${RANGE} AND mapContains(${column}, {key:String}) AND ${where}
) GROUP BY v, t ORDER BY count DESC, v LIMIT {limit:UInt32}`;
}

/** Intrinsic columns Tempo exposes as tags. */
export const INTRINSIC_COLUMNS: Record<string, string> = {
  name: 'SpanName',
  status: 'StatusCode',
  kind: 'SpanKind',
  'service.name': 'ServiceName',
  statusMessage: 'StatusMessage',
};

export function intrinsicValuesSql(column: string, where = '1'): string {
  return `SELECT toString(${column}) AS value, 's' AS type, toUInt32(count()) AS count FROM ${TRACES_TABLE}
WHERE TenantId = {tenant:String} AND ${RANGE} AND ${where}
GROUP BY value ORDER BY count DESC, value LIMIT {limit:UInt32}`;
}

/**
 * The span condition of a TraceQL filter for tag-value lookups (Grafana's builder narrows a
 * tag's values by the other conditions): any spanset's condition, trace-level fields relaxed.
 */
export function valuesFilterSql(filter: TraceFilter, params: Params): string {
  return new TraceFilterCompiler(params, { rangeParams: { start: 'start', end: 'end' }, relaxTraceLevel: true }).compile(filter).match;
}
