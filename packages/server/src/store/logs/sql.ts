/**
 * Every SQL statement the log store runs, in one place. User input is bound as {name:Type}
 * parameters; only names generated here are interpolated.
 */
import type { AttributeFilter } from '../traces/trace-store.js';
import { LOGS_TABLE } from './schema.js';
import type { LogFilter, ResourceMatcher } from './log-store.js';

export type Params = Record<string, string | number | readonly string[]>;

export const LOG_COLUMNS = `ServiceName AS svc, mapKeys(ResourceAttributes) AS rk, mapValues(ResourceAttributes) AS rv, ResourceAttributeTypes AS rt,
  ResourceSchemaUrl AS rs, ResourceDroppedAttributesCount AS rd,
  ScopeName AS sn, ScopeVersion AS sver, mapKeys(ScopeAttributes) AS sk, mapValues(ScopeAttributes) AS sv, ScopeAttributeTypes AS st,
  ScopeSchemaUrl AS ss, ScopeDroppedAttributesCount AS sd,
  toString(toUnixTimestamp64Nano(Timestamp)) AS ts, TimestampUnset AS tu, toString(toUnixTimestamp64Nano(ObservedTimestamp)) AS ots,
  toString(LogId) AS id, TraceId AS tid, SpanId AS sid, Flags AS fl, SeverityText AS sevt, SeverityNumber AS sevn,
  BodyType AS bt, Body AS body, mapKeys(LogAttributes) AS ak, mapValues(LogAttributes) AS av, LogAttributeTypes AS at,
  DroppedAttributesCount AS da, EventName AS evn`;

/**
 * What a LogQL pipeline reads of a record (LogLine), in this order (JSONCompactEachRow): the
 * resource as a hash (its attributes come once per resource from resourcesSql), time, id,
 * ids, severity, body and attributes. No scope, types or dropped counts.
 */
export const LINE_COLUMNS = `toString(cityHash64(ServiceName, ResourceAttributes)) AS rh,
  toString(toUnixTimestamp64Nano(Timestamp)) AS ts, toString(LogId) AS id, TraceId AS tid, SpanId AS sid,
  SeverityText AS sevt, SeverityNumber AS sevn, Body AS body, mapKeys(LogAttributes) AS ak, mapValues(LogAttributes) AS av`;

const TOKEN = /^[\p{L}\p{N}_]+$/u;

class Where {
  readonly parts: string[] = [];
  private n = 0;
  constructor(readonly params: Params) {}
  /** Records with Timestamp in [startNs, endNs]. */
  range(startNs: bigint, endNs: bigint): void {
    this.add(`Timestamp >= fromUnixTimestamp64Nano(${this.bind(startNs.toString(), 'Int64')})`);
    this.add(`Timestamp <= fromUnixTimestamp64Nano(${this.bind(endNs.toString(), 'Int64')})`);
  }
  bind(value: string | number | readonly string[], type: string): string {
    const name = `p${this.n++}`;
    this.params[name] = value;
    return `{${name}:${type}}`;
  }
  add(cond: string): void {
    this.parts.push(cond);
  }
}

function attrCondition(w: Where, f: AttributeFilter): string {
  const k = w.bind(f.key, 'String');
  const v = w.bind(f.value, 'String');
  if (f.op === 'eq') return `(LogAttributes[${k}] = ${v} OR ResourceAttributes[${k}] = ${v})`;
  return `(positionCaseInsensitiveUTF8(LogAttributes[${k}], ${v}) > 0 OR positionCaseInsensitiveUTF8(ResourceAttributes[${k}], ${v}) > 0)`;
}

function resourceValue(w: Where, m: ResourceMatcher): string {
  if (m.serviceName) return 'toString(ServiceName)';
  const keys = m.keys.map((k) => w.bind(k, 'String'));
  // The first key present wins (multiIf over mapContains), '' when none is.
  const branches = keys.map((k) => `mapContains(ResourceAttributes, ${k}), ResourceAttributes[${k}]`).join(', ');
  return keys.length === 0 ? "''" : `multiIf(${branches}, '')`;
}

function matcherCondition(w: Where, m: ResourceMatcher): string {
  const v = resourceValue(w, m);
  switch (m.op) {
    case '=':
      return `${v} = ${w.bind(m.value, 'String')}`;
    case '!=':
      return `${v} != ${w.bind(m.value, 'String')}`;
    case '=~':
      return `match(${v}, ${w.bind(`^(?:${m.value})$`, 'String')})`;
    case '!~':
      return `NOT match(${v}, ${w.bind(`^(?:${m.value})$`, 'String')})`;
  }
}

/** The WHERE conditions of a filter (tenant first; the time range is added by the caller). */
export function filterConditions(tenant: string, f: Omit<LogFilter, 'range'>, params: Params): Where {
  const w = new Where(params);
  w.add(`TenantId = ${w.bind(tenant, 'String')}`);
  if (f.service !== undefined) w.add(`ServiceName = ${w.bind(f.service, 'String')}`);
  if (f.minSeverity !== undefined) w.add(`SeverityNumber >= ${w.bind(f.minSeverity, 'UInt8')}`);
  if (f.traceId !== undefined) w.add(`TraceId = ${w.bind(f.traceId.toLowerCase(), 'String')}`);
  for (const m of f.resourceMatchers ?? []) w.add(matcherCondition(w, m));
  for (const a of f.attributes ?? []) w.add(attrCondition(w, a));
  for (const t of f.text ?? []) {
    const p = w.bind(t.text, 'String');
    const cond = !t.phrase && TOKEN.test(t.text) ? `hasTokenCaseInsensitive(Body, ${p})` : `positionCaseInsensitiveUTF8(Body, ${p}) > 0`;
    w.add(t.negate ? `NOT ${cond}` : cond);
  }
  for (const lf of f.lineFilters ?? []) {
    const p = w.bind(lf.value, 'String');
    if (lf.op === '|=') w.add(`position(Body, ${p}) > 0`);
    else if (lf.op === '!=') w.add(`position(Body, ${p}) = 0`);
    else if (lf.op === '|~') w.add(`match(Body, ${p})`);
    else w.add(`NOT match(Body, ${p})`);
  }
  return w;
}

export function searchSql(where: Where, startNs: bigint, endNs: bigint, limit: number, cursor: { ts: string; id: string } | undefined, forward: boolean, columns = LOG_COLUMNS): string {
  where.range(startNs, endNs);
  if (cursor) {
    const t = `fromUnixTimestamp64Nano(${where.bind(cursor.ts, 'Int64')})`;
    const id = where.bind(cursor.id, 'UInt64');
    where.add(forward ? `(Timestamp > ${t} OR (Timestamp = ${t} AND LogId > ${id}))` : `(Timestamp < ${t} OR (Timestamp = ${t} AND LogId < ${id}))`);
  }
  const dir = forward ? 'ASC' : 'DESC';
  return `SELECT ${columns} FROM ${LOGS_TABLE}
WHERE ${where.parts.join('\n  AND ')}
ORDER BY Timestamp ${dir}, LogId ${dir}
LIMIT ${where.bind(limit, 'UInt32')}`;
}

/**
 * count_over_time at steps t_k = start + k*step over (t_k - window, t_k]: each record counts
 * for every k whose window holds it, k in [ceil(d/step), floor((d + window - 1)/step)] with
 * d = ts - start.
 */
export function countOverTimeSql(where: Where, startNs: bigint, stepNs: bigint, steps: number, windowNs: bigint): string {
  const start = where.bind(startNs.toString(), 'Int64');
  const step = where.bind(stepNs.toString(), 'Int64');
  const win = where.bind(windowNs.toString(), 'Int64');
  const last = where.bind(steps - 1, 'Int64');
  where.add(`Timestamp > fromUnixTimestamp64Nano(${start} - ${win})`);
  where.add(`Timestamp <= fromUnixTimestamp64Nano(${start} + ${step} * ${last})`);
  return `SELECT svc, rk, rv, k, toUInt32(count()) AS c FROM (
  SELECT toString(ServiceName) AS svc, mapKeys(ResourceAttributes) AS rk, mapValues(ResourceAttributes) AS rv,
    toUnixTimestamp64Nano(Timestamp) - ${start} AS d,
    arrayJoin(range(greatest(0, intDiv(d + ${step} - 1, ${step})), least(${last}, intDiv(d + ${win} - 1, ${step})) + 1)) AS k
  FROM ${LOGS_TABLE}
  WHERE ${where.parts.join('\n    AND ')}
) GROUP BY svc, rk, rv, k`;
}

export function resourceKeysSql(where: Where, startNs: bigint, endNs: bigint): string {
  where.range(startNs, endNs);
  return `SELECT DISTINCT toString(arrayJoin(mapKeys(ResourceAttributes))) AS k FROM ${LOGS_TABLE}
WHERE ${where.parts.join(' AND ')} ORDER BY k LIMIT 10000`;
}

export function resourceValuesSql(where: Where, keys: readonly string[], serviceName: boolean, startNs: bigint, endNs: bigint, limit: number): string {
  where.range(startNs, endNs);
  const value = resourceValue(where, { keys, serviceName, op: '=', value: '' });
  return `SELECT DISTINCT ${value} AS v FROM ${LOGS_TABLE}
WHERE ${where.parts.join(' AND ')} AND v != '' ORDER BY v LIMIT ${where.bind(limit, 'UInt32')}`;
}

/**
 * The distinct resources of the records that match; `hashed` adds each one's hash as LINE_COLUMNS
 * gives it to every line (the key of a pipeline's stream labels).
 */
export function resourcesSql(where: Where, startNs: bigint, endNs: bigint, limit: number, hashed = false): string {
  where.range(startNs, endNs);
  const hash = hashed ? 'toString(cityHash64(ServiceName, ResourceAttributes)) AS rh, ' : '';
  return `SELECT DISTINCT ${hash}toString(ServiceName) AS svc, mapKeys(ResourceAttributes) AS rk, mapValues(ResourceAttributes) AS rv FROM ${LOGS_TABLE}
WHERE ${where.parts.join(' AND ')} LIMIT ${where.bind(limit, 'UInt32')}`;
}

/** Entries and body bytes per resource (stream) of the records that match, largest first. */
export function resourceVolumesSql(where: Where, startNs: bigint, endNs: bigint, limit: number): string {
  where.range(startNs, endNs);
  return `SELECT toString(ServiceName) AS svc, mapKeys(ResourceAttributes) AS rk, mapValues(ResourceAttributes) AS rv,
  toString(count()) AS entries, toString(sum(length(Body))) AS bytes
FROM ${LOGS_TABLE}
WHERE ${where.parts.join(' AND ')}
GROUP BY svc, rk, rv ORDER BY sum(length(Body)) DESC LIMIT ${where.bind(limit, 'UInt32')}`;
}

/** How many records match. */
export function countSql(where: Where, startNs: bigint, endNs: bigint): string {
  where.range(startNs, endNs);
  return `SELECT toString(count()) AS n FROM ${LOGS_TABLE} WHERE ${where.parts.join(' AND ')}`;
}
