/** TraceStore over a ClickHouseConnection (in-process chDB or a server): see schema.ts and sql.ts. */
import type { SpanBatch } from '../../model/index.js';
import type { ClickHouseConnection, QueryOptions } from '../clickhouse/connection.js';
import type { OtlpKeyValue } from '../clickhouse/otel-attributes.js';
import { openRowWriter, type RowWriter, type StoreWriteOptions } from '../clickhouse/row-writer.js';
import { encodeSpanColumns, TRACE_NATIVE_COLUMNS } from './encode.js';
import { createTraceTables, TRACES_BUCKET_SECONDS, TRACES_TABLE } from './schema.js';
import {
  attributeKeysSql, attributeValuesSql, INTRINSIC_COLUMNS, intrinsicValuesSql, newestBucketSql, operationsSql, SERVICES_SQL, traceByIdSql, traceCandidatesSql, traceGroupCheckSql, traceSummariesSql, valuesFilterSql,
} from './sql.js';
import { resourceSpansFromRows, type SpanRow } from './read.js';
import { searchWindows } from './search-windows.js';
import { fieldName, needsTraceCheck, type SpanField, type TraceFilter } from './trace-filter.js';
import type {
  AttributeScope, AttributeValue, Operation, OtlpTracesJson, QueryBounds, TimeRange, TraceSearch, TraceStore, TraceSummary,
} from './trace-store.js';

const TYPE_NAMES: Record<string, string> = { s: 'string', b: 'bool', i: 'int', d: 'double', y: 'bytes', a: 'array', k: 'kvlist', e: 'empty', '': 'string' };

export interface TraceStoreOptions extends StoreWriteOptions {
  retentionSeconds: number;
  /** Told when a table of an earlier release's layout is about to be rewritten (once, at open). */
  onRewrite?(table: string, rows: number): void;
}

export function queryOptions(bounds: QueryBounds, params: QueryOptions['params']): QueryOptions {
  return {
    params,
    settings: { max_execution_time: Math.max(0.001, bounds.timeoutMs / 1000), timeout_overflow_mode: 'throw' },
    ...(bounds.signal ? { signal: bounds.signal } : {}),
  };
}

const rangeParams = (tenant: string, r: TimeRange): Record<string, string> => ({ tenant, start: r.startNs.toString(), end: r.endNs.toString() });

/** A matched span's shown fields as OTLP key-values, keyed as TraceQL names them (Tempo's form); missing ones left out. */
function shownAttributes(shown: readonly SpanField[], fields: [string, string][]): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  shown.forEach((f, i) => {
    const [text, type] = fields[i] ?? ['', ''];
    if (type === '') return;
    const key = f.kind === 'attribute' ? f.key : fieldName(f);
    const value = type === 'i' ? { intValue: text } : type === 'd' ? { doubleValue: Number(text) } : type === 'b' ? { boolValue: text === 'true' } : { stringValue: text };
    out.push({ key, value } as OtlpKeyValue);
  });
  return out;
}

export async function openClickHouseTraceStore(conn: ClickHouseConnection, o: TraceStoreOptions): Promise<TraceStore> {
  await createTraceTables(conn, o.retentionSeconds, o.onRewrite);
  const writer = await openRowWriter<SpanBatch>({ ...o, conn, table: TRACES_TABLE, columns: TRACE_NATIVE_COLUMNS, encode: encodeSpanColumns });
  return new ClickHouseTraceStore(conn, writer);
}

class ClickHouseTraceStore implements TraceStore {
  constructor(
    private readonly conn: ClickHouseConnection,
    private readonly writer: RowWriter<SpanBatch>,
  ) {}

  write(batch: SpanBatch): Promise<void> {
    return this.writer.write(batch);
  }

  async getTrace(tenant: string, traceId: string, bounds: QueryBounds, range?: TimeRange, maxSpans = 100_000): Promise<OtlpTracesJson | undefined> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params = { tenant, traceId: traceId.toLowerCase(), maxSpans, ...(range ? { start: range.startNs.toString(), end: range.endNs.toString() } : {}) };
    const rows = await this.conn.queryRows<SpanRow>(traceByIdSql(range !== undefined), queryOptions(bounds, params));
    if (rows.length === 0) return undefined;
    return { resourceSpans: resourceSpansFromRows(rows) };
  }

  async search(tenant: string, q: TraceSearch, bounds: QueryBounds): Promise<TraceSummary[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const ids: string[] = [];
    const deadline = performance.now() + bounds.timeoutMs;
    const newest = newestBucketSql(tenant, q.range);
    const [row] = await this.conn.queryRows<{ m: string }>(newest.sql, queryOptions(bounds, newest.params));
    if (!row) return [];
    const newestEnd = (BigInt(row.m) + BigInt(TRACES_BUCKET_SECONDS)) * 1_000_000_000n - 1n;
    const range = { startNs: q.range.startNs, endNs: newestEnd < q.range.endNs ? newestEnd : q.range.endNs };
    // a filter decided over whole traces (spanset &&, aggregates, root span or trace duration):
    // each window's candidates are checked over all their spans in the range, so a trace whose
    // spans fall in several windows is judged whole; a refused one is not a candidate again
    const refused: string[] = [];
    for (const window of searchWindows(range)) {
      for (;;) {
        const left = Math.max(0.001, deadline - performance.now());
        const want = q.limit - ids.length;
        const batch = q.filter && needsTraceCheck(q.filter) ? want * 4 : want;
        const cand = traceCandidatesSql(tenant, q, window, [...ids, ...refused], batch);
        const found = (await this.conn.queryRows<{ id: string }>(cand.sql, queryOptions({ ...bounds, timeoutMs: left }, cand.params))).map((r) => r.id);
        const check = found.length > 0 ? traceGroupCheckSql(tenant, q, found) : undefined;
        if (check) {
          const ok = new Set((await this.conn.queryRows<{ id: string }>(check.sql, queryOptions({ ...bounds, timeoutMs: Math.max(0.001, deadline - performance.now()) }, check.params))).map((r) => r.id));
          for (const id of found) (ok.has(id) && ids.length < q.limit ? ids : refused).push(id);
        } else ids.push(...found);
        // the window is done when it had no more candidates than asked for
        if (ids.length >= q.limit || found.length < batch) break;
      }
      if (ids.length >= q.limit) break;
    }
    if (ids.length === 0) return [];
    const { sql, params } = traceSummariesSql(tenant, q, ids);
    const rows = await this.conn.queryRows<Omit<TraceSummary, 'matched'> & { matched: [string, string, string, string, [string, string][]][] }>(sql, queryOptions(bounds, params));
    const shown = q.filter?.show ?? [];
    return rows.map((r) => ({
      ...r,
      spanCount: Number(r.spanCount),
      errorCount: Number(r.errorCount),
      matchedCount: Number(r.matchedCount),
      matched: r.matched.map(([spanId, startTimeUnixNano, durationNanos, name, fields]) => ({ spanId, name, startTimeUnixNano, durationNanos, attributes: shownAttributes(shown, fields) })),
    }));
  }

  async services(tenant: string, range: TimeRange, bounds: QueryBounds): Promise<string[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const rows = await this.conn.queryRows<{ s: string }>(SERVICES_SQL, queryOptions(bounds, rangeParams(tenant, range)));
    return rows.map((r) => r.s);
  }

  async operations(tenant: string, service: string | undefined, range: TimeRange, bounds: QueryBounds): Promise<Operation[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params = { ...rangeParams(tenant, range), ...(service !== undefined ? { service } : {}) };
    const rows = await this.conn.queryRows<{ name: string; kind: string; count: number | string }>(operationsSql(service !== undefined), queryOptions(bounds, params));
    return rows.map((r) => ({ name: r.name, kind: r.kind, count: Number(r.count) }));
  }

  async attributeKeys(tenant: string, scope: AttributeScope, range: TimeRange, bounds: QueryBounds): Promise<{ span: string[]; resource: string[] }> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const o = queryOptions(bounds, rangeParams(tenant, range));
    const [span, resource] = await Promise.all([
      scope === 'resource' ? [] : this.conn.queryRows<{ k: string }>(attributeKeysSql('SpanAttributes'), o),
      scope === 'span' ? [] : this.conn.queryRows<{ k: string }>(attributeKeysSql('ResourceAttributes'), o),
    ]);
    return { span: span.map((r) => r.k), resource: resource.map((r) => r.k) };
  }

  async attributeValues(tenant: string, key: string, scope: AttributeScope, range: TimeRange, bounds: QueryBounds, limit: number, filter?: TraceFilter): Promise<AttributeValue[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Record<string, string | number | readonly string[]> = { ...rangeParams(tenant, range), key, limit };
    const where = filter ? valuesFilterSql(filter, params) : '1';
    const o = queryOptions(bounds, params);
    type Row = { value: string; type: string; count: number | string };
    const intrinsic = INTRINSIC_COLUMNS[key];
    const lists: Row[][] = [];
    if (intrinsic && scope !== 'span' && key === 'service.name') lists.push(await this.conn.queryRows<Row>(intrinsicValuesSql(intrinsic, where), o));
    else if (intrinsic && scope === 'all' && key !== 'service.name') lists.push(await this.conn.queryRows<Row>(intrinsicValuesSql(intrinsic, where), o));
    else {
      if (scope !== 'resource') lists.push(await this.conn.queryRows<Row>(attributeValuesSql('SpanAttributes', where), o));
      if (scope !== 'span') lists.push(await this.conn.queryRows<Row>(attributeValuesSql('ResourceAttributes', where), o));
    }
    const merged = new Map<string, AttributeValue>();
    for (const r of lists.flat()) {
      const type = TYPE_NAMES[r.type] ?? 'string';
      const k = `${type}\u0000${r.value}`;
      const prev = merged.get(k);
      if (prev) prev.count += Number(r.count);
      else merged.set(k, { value: r.value, type, count: Number(r.count) });
    }
    return [...merged.values()].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, limit);
  }

  forceFlush(): Promise<void> {
    return this.writer.forceFlush();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }
}
