import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbConnection } from '../clickhouse/chdb-connection.js';
import type { ClickHouseConnection } from '../clickhouse/connection.js';
import { tableSettings } from '../clickhouse/table-settings.js';
import { createTraceTables, TRACE_ID_GRANULARITY, TRACES_MIN_COMPRESS_BLOCK, TRACE_ID_TABLE, TRACES_SORT_KEY, TRACES_TABLE, traceTablesDdl } from './schema.js';

const DAY = 86_400;

describe('trace tables of an earlier sort key', () => {
  let dir: string;
  let conn: ClickHouseConnection;
  const sortKey = async (): Promise<string | undefined> =>
    (await conn.queryRows<{ k: string }>(`SELECT sorting_key AS k FROM system.tables WHERE database = currentDatabase() AND name = '${TRACES_TABLE}'`))[0]?.k;
  const now = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').replace('Z', '');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptr-trace-schema-'));
    conn = await openChdbConnection(join(dir, 'ch'));
    // the layout an earlier release created: the exporter's order, a lookup table of 8192-row
    // granules, neither table warming its marks
    const [spans, lookup, view] = traceTablesDdl(DAY);
    const cold = (ddl: string): string => ddl.replace(', prewarm_mark_cache = 1, primary_key_lazy_load = 0', '').replace(/, min_compress_block_size = \d+/, '');
    await conn.exec(cold(spans!).replace(`ORDER BY (${TRACES_SORT_KEY})`, 'ORDER BY (TenantId, ServiceName, SpanName, toDateTime(Timestamp))'));
    await conn.exec(cold(lookup!).replace(`index_granularity = ${TRACE_ID_GRANULARITY}`, 'index_granularity = 8192'));
    await conn.exec(view!);
    await conn.exec(`INSERT INTO ${TRACES_TABLE} (TenantId, ServiceName, SpanName, Timestamp, TraceId, SpanId, Duration, SpanAttributes)
      SELECT 'default', 'svc-' || toString(number % 3), 'op', toDateTime64('${now}', 9) + toIntervalMillisecond(number), lower(hex(toFixedString(toString(number % 10), 16))), toString(number), number, map('k', toString(number)) FROM numbers(100)`);
  }, 60_000);

  afterAll(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites the table in the new order at start, keeping every row, and keeps the lookup table fed', async () => {
    expect(await sortKey()).toBe('TenantId, ServiceName, SpanName, toDateTime(Timestamp)');
    const told: [string, number][] = [];
    await createTraceTables(conn, DAY, (table, rows) => told.push([table, rows]));
    expect(told).toEqual([[TRACES_TABLE, 100], [TRACE_ID_TABLE, 10]]);
    expect(await sortKey()).toBe(TRACES_SORT_KEY);
    const rows = await conn.queryRows<{ n: string; s: string }>(`SELECT toString(count()) AS n, toString(sum(Duration)) AS s FROM ${TRACES_TABLE}`);
    expect(rows[0]).toEqual({ n: '100', s: String((99 * 100) / 2) });
    const tables = await conn.queryRows<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'otel_traces%' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual([TRACES_TABLE, TRACE_ID_TABLE, `${TRACE_ID_TABLE}_mv`]);
    // the view was recreated on the new table: a new trace reaches the lookup table
    await conn.exec(`INSERT INTO ${TRACES_TABLE} (TenantId, ServiceName, SpanName, Timestamp, TraceId, SpanId) VALUES ('default', 'x', 'y', toDateTime64('${now}', 9), 'feedfeedfeedfeedfeedfeedfeedfeed', '1')`);
    const found = await conn.queryRows<{ n: string }>(`SELECT toString(count()) AS n FROM ${TRACE_ID_TABLE} WHERE TraceId = 'feedfeedfeedfeedfeedfeedfeedfeed'`);
    expect(found[0]!.n).toBe('1');
    // the lookup table was copied into its new granularity with its rows (10 traces + the new one)
    const lookupRows = await conn.queryRows<{ n: string }>(`SELECT toString(uniqExact(TraceId)) AS n FROM ${TRACE_ID_TABLE}`);
    expect(lookupRows[0]!.n).toBe('11');
    const lookupSettings = await tableSettings(conn, TRACE_ID_TABLE);
    expect(lookupSettings.get('index_granularity')).toBe(String(TRACE_ID_GRANULARITY));
    for (const t of [TRACES_TABLE, TRACE_ID_TABLE]) {
      const set = await tableSettings(conn, t);
      expect([set.get('prewarm_mark_cache'), set.get('primary_key_lazy_load')]).toEqual(['1', '0']);
      if (t === TRACES_TABLE) expect(set.get('min_compress_block_size')).toBe(String(TRACES_MIN_COMPRESS_BLOCK));
    }
    // a second start finds the new order and changes nothing
    await createTraceTables(conn, DAY, (table) => told.push([table, -1]));
    expect(told).toHaveLength(2);
    expect(await sortKey()).toBe(TRACES_SORT_KEY);
  }, 60_000);
});
