/** LogStore over a ClickHouseConnection (in-process chDB or a server): see schema.ts and sql.ts. */
import { ptrError } from '../../errors/index.js';
import type { LogBatch } from '../../model/index.js';
import type { ClickHouseConnection } from '../clickhouse/connection.js';
import { openRowWriter, type RowWriter, type StoreWriteOptions } from '../clickhouse/row-writer.js';
import { queryOptions } from '../traces/clickhouse-trace-store.js';
import type { QueryBounds, TimeRange } from '../traces/trace-store.js';
import { encodeLogColumns, LOG_NATIVE_COLUMNS } from './encode.js';
import { createLogTable, LOGS_TABLE } from './schema.js';
import { countOverTimeSql, countSql, filterConditions, LINE_COLUMNS, resourceKeysSql, resourcesSql, resourceValuesSql, resourceVolumesSql, searchSql, type Params } from './sql.js';
import { recordFromRow, type LogRow } from './read.js';
import type { CountSeries, LinePage, LineResource, LogFilter, LogLine, LogPage, LogStore, ResourceVolume, StepRange } from './log-store.js';

export interface LogStoreOptions extends StoreWriteOptions {
  retentionSeconds: number;
}

export async function openClickHouseLogStore(conn: ClickHouseConnection, o: LogStoreOptions): Promise<LogStore> {
  await createLogTable(conn, o.retentionSeconds);
  const writer = await openRowWriter<LogBatch>({ ...o, conn, table: LOGS_TABLE, columns: LOG_NATIVE_COLUMNS, encode: encodeLogColumns });
  return new ClickHouseLogStore(conn, writer);
}

/** Cursor: the last record's (timestamp, LogId), opaque to clients. */
export function encodeCursor(ts: string, id: string): string {
  return Buffer.from(`${ts}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { ts: string; id: string } {
  const m = /^(\d{1,20}):(\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw ptrError('PTR_ERR_VALIDATION', 'cursor: not a cursor returned by this API');
  return { ts: m[1]!, id: m[2]! };
}

class ClickHouseLogStore implements LogStore {
  constructor(
    private readonly conn: ClickHouseConnection,
    private readonly writer: RowWriter<LogBatch>,
  ) {}

  write(batch: LogBatch): Promise<void> {
    return this.writer.write(batch);
  }

  async search(tenant: string, filter: LogFilter, limit: number, cursor: string | undefined, bounds: QueryBounds, direction: 'backward' | 'forward' = 'backward'): Promise<LogPage> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const where = filterConditions(tenant, filter, params);
    const sql = searchSql(where, filter.range.startNs, filter.range.endNs, limit + 1, cursor ? decodeCursor(cursor) : undefined, direction === 'forward');
    const rows = await this.conn.queryRows<LogRow>(sql, queryOptions(bounds, params));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { records: page.map(recordFromRow), ...(rows.length > limit && last ? { nextCursor: encodeCursor(last.ts, last.id) } : {}) };
  }

  async count(tenant: string, filter: LogFilter, bounds: QueryBounds): Promise<number> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const rows = await this.conn.queryRows<{ n: string }>(countSql(filterConditions(tenant, filter, params), filter.range.startNs, filter.range.endNs), queryOptions(bounds, params));
    return Number(rows[0]?.n ?? 0);
  }

  async lineResources(tenant: string, filter: LogFilter, bounds: QueryBounds): Promise<Map<string, LineResource>> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    // every resource: a pipeline needs the labels of each line it reads
    const sql = resourcesSql(filterConditions(tenant, filter, params), filter.range.startNs, filter.range.endNs, 0xffffffff, true);
    const rows = await this.conn.queryRows<{ rh: string; svc: string; rk: string[]; rv: string[] }>(sql, queryOptions(bounds, params));
    return new Map(rows.map((r) => [r.rh, { serviceName: r.svc, keys: r.rk, values: r.rv }]));
  }

  async lines(tenant: string, filter: LogFilter, limit: number, cursor: string | undefined, bounds: QueryBounds, direction: 'backward' | 'forward'): Promise<LinePage> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const sql = searchSql(filterConditions(tenant, filter, params), filter.range.startNs, filter.range.endNs, limit + 1, cursor ? decodeCursor(cursor) : undefined, direction === 'forward', LINE_COLUMNS);
    const bytes = await this.conn.queryBytes(sql, 'JSONCompactEachRow', queryOptions(bounds, params));
    // one JSON.parse for the page: rows are lines, and JSON text holds no raw newline
    const text = new TextDecoder().decode(bytes).trimEnd();
    type Row = [rh: string, ts: string, id: string, tid: string, sid: string, sevt: string, sevn: number, body: string, ak: string[], av: string[]];
    const rows = (text === '' ? [] : JSON.parse(`[${text.replaceAll('\n', ',')}]`)) as Row[];
    const page = rows.length > limit ? rows.slice(0, limit) : rows;
    const lines: LogLine[] = page.map((r) => ({
      timeNs: r[1], line: r[7], resourceHash: r[0], attributeKeys: r[8], attributeValues: r[9], traceId: r[3], spanId: r[4], severityText: r[5], severityNumber: Number(r[6]),
    }));
    const last = page[page.length - 1];
    return { lines, ...(rows.length > limit && last ? { nextCursor: encodeCursor(last[1], last[2]) } : {}) };
  }

  async countOverTime(tenant: string, filter: Omit<LogFilter, 'range'>, s: StepRange, bounds: QueryBounds): Promise<CountSeries[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const where = filterConditions(tenant, filter, params);
    const sql = countOverTimeSql(where, s.startNs, s.stepNs, s.steps, s.windowNs);
    const rows = await this.conn.queryRows<{ svc: string; rk: string[]; rv: string[]; k: string | number; c: string | number }>(sql, queryOptions(bounds, params));
    const series = new Map<string, CountSeries>();
    for (const r of rows) {
      const key = JSON.stringify([r.svc, r.rk, r.rv]);
      let sr = series.get(key);
      if (!sr) {
        const resourceText: Record<string, string> = {};
        r.rk.forEach((k, i) => (resourceText[k] = r.rv[i] ?? ''));
        sr = { serviceName: r.svc, resourceText, counts: new Map() };
        series.set(key, sr);
      }
      sr.counts.set(Number(r.k), (sr.counts.get(Number(r.k)) ?? 0) + Number(r.c));
    }
    return [...series.values()];
  }

  async resources(tenant: string, filter: LogFilter, bounds: QueryBounds, limit: number): Promise<{ serviceName: string; resourceText: Record<string, string> }[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const sql = resourcesSql(filterConditions(tenant, filter, params), filter.range.startNs, filter.range.endNs, limit);
    const rows = await this.conn.queryRows<{ svc: string; rk: string[]; rv: string[] }>(sql, queryOptions(bounds, params));
    return rows.map((r) => {
      const resourceText: Record<string, string> = {};
      r.rk.forEach((k, i) => (resourceText[k] = r.rv[i] ?? ''));
      return { serviceName: r.svc, resourceText };
    });
  }

  async resourceVolumes(tenant: string, filter: LogFilter, bounds: QueryBounds, limit: number): Promise<ResourceVolume[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const sql = resourceVolumesSql(filterConditions(tenant, filter, params), filter.range.startNs, filter.range.endNs, limit);
    const rows = await this.conn.queryRows<{ svc: string; rk: string[]; rv: string[]; entries: string; bytes: string }>(sql, queryOptions(bounds, params));
    return rows.map((r) => {
      const resourceText: Record<string, string> = {};
      r.rk.forEach((k, i) => (resourceText[k] = r.rv[i] ?? ''));
      return { serviceName: r.svc, resourceText, entries: Number(r.entries), bytes: Number(r.bytes) };
    });
  }

  async resourceKeys(tenant: string, range: TimeRange, bounds: QueryBounds): Promise<string[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const sql = resourceKeysSql(filterConditions(tenant, {}, params), range.startNs, range.endNs);
    return (await this.conn.queryRows<{ k: string }>(sql, queryOptions(bounds, params))).map((r) => r.k);
  }

  async resourceValues(tenant: string, keys: readonly string[], serviceName: boolean, range: TimeRange, bounds: QueryBounds, limit: number): Promise<string[]> {
    await this.writer.readBarrier(bounds.timeoutMs);
    const params: Params = {};
    const sql = resourceValuesSql(filterConditions(tenant, {}, params), keys, serviceName, range.startNs, range.endNs, limit);
    return (await this.conn.queryRows<{ v: string }>(sql, queryOptions(bounds, params))).map((r) => r.v);
  }

  forceFlush(): Promise<void> {
    return this.writer.forceFlush();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }
}
