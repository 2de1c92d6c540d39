/**
 * Samples as the engine stores and reads them: the Native block of samples-block.ts inserted into
 * the real samples table reads back through the `value` ALIAS bit for bit with its metric id, and
 * tables of earlier layouts (Float64 values, no metric id, another sort key) are rewritten into
 * the current one without changing a bit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbConnection } from '../../clickhouse/chdb-connection.js';
import type { ClickHouseConnection } from '../../clickhouse/connection.js';
import { STALE_NAN } from '../batch-builder.js';
import { metricId, metricIdSql } from './metric-id.js';
import { SampleRowsEncoder } from './sample-encoder.js';
import { SAMPLE_INSERT_COLUMNS, SamplesBlockEncoder } from './samples-block.js';
import { SAMPLES_SORT_KEY, SAMPLES_TABLE, SERIES_TABLE, migrateSamplesLayout, schemaStatements } from './schema.js';

const T0 = Math.floor(Date.now() / 1000) * 1000 - 600_000;
const DECIMAL = [0, 1, -1, 12.34, 12.3, 12, -0.5, 1e-9, 123456789.123, 2 ** 53 - 1, Math.PI];
const RAW = [2 ** 53, 0.1 + 0.2, -0, Infinity, -Infinity, STALE_NAN, Number.NaN, 1e300, 5e-324];
const VALUES = [...DECIMAL, ...RAW];
const nameOf = (fingerprint: number): string => `metric_${fingerprint % 3}`;

/** One series per value (fingerprint = index + 1), ten samples each, as WAL rows. */
function walRows(): { bytes: Buffer; n: number; expected: Map<string, bigint> } {
  const e = new SampleRowsEncoder(16);
  const expected = new Map<string, bigint>();
  const f = new Float64Array(1);
  const u = new BigUint64Array(f.buffer);
  for (let p = 0; p < 10; p++) {
    VALUES.forEach((v, s) => {
      const value = p % 2 === 1 && s < DECIMAL.length && v !== 0 ? -v : v;
      e.add(s + 1, 0, T0 + p * 1000, value, metricId(nameOf(s + 1)));
      f[0] = value;
      expected.set(`${s + 1}:${T0 + p * 1000}`, value === STALE_NAN ? 0x7ff0000000000002n : u[0]!);
    });
  }
  return { bytes: Buffer.from(e.bytes()), n: e.rows, expected };
}

/** The same rows as the first layout's RowBinary (fingerprint, ts, value). */
function float64Rows(bytes: Buffer): Buffer {
  const n = bytes.length / 32;
  return Buffer.concat(Array.from({ length: n }, (_, i) => bytes.subarray(i * 32, i * 32 + 24)));
}

async function storedBits(conn: ClickHouseConnection): Promise<Map<string, bigint>> {
  const rows = await conn.queryRows<{ k: string; b: string }>(`SELECT concat(toString(fingerprint), ':', toString(ts)) AS k, toString(reinterpretAsUInt64(value)) AS b FROM ${SAMPLES_TABLE}`);
  return new Map(rows.map((r) => [r.k, BigInt(r.b)]));
}

async function metricIds(conn: ClickHouseConnection): Promise<Map<number, number>> {
  const rows = await conn.queryRows<{ f: string; m: string }>(`SELECT DISTINCT toString(fingerprint) AS f, toString(metric) AS m FROM ${SAMPLES_TABLE}`);
  return new Map(rows.map((r) => [Number(r.f), Number(r.m)]));
}

const expectedIds = (): Map<number, number> => new Map(VALUES.map((_, s) => [s + 1, metricId(nameOf(s + 1))]));

describe('samples table (real engine)', () => {
  let dir: string;
  let conn: ClickHouseConnection;
  const createSamples = (): string => schemaStatements(86_400).find((s) => s.includes(`TABLE IF NOT EXISTS ${SAMPLES_TABLE} `))!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptr-samples-'));
    conn = await openChdbConnection(join(dir, 'ch'));
    for (const sql of schemaStatements(86_400)) await conn.exec(sql);
    // the series index the rewrite derives metric ids from
    const day = new Date(T0).toISOString().slice(0, 10);
    await conn.exec(
      `INSERT INTO ${SERIES_TABLE} (tenant, metric_name, fingerprint, day, labels) VALUES ${VALUES.map((_, s) => `('t', '${nameOf(s + 1)}', ${s + 1}, '${day}', map('__name__', '${nameOf(s + 1)}'))`).join(', ')}`,
    );
  }, 60_000);

  afterAll(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes the same metric id as the writer', async () => {
    const names = ['', 'up', 'http_requests_total', 'ünïcödé_metric', 'a'.repeat(300)];
    const rows = await conn.queryRows<{ id: string }>(`SELECT toString(${metricIdSql('n')}) AS id FROM (SELECT arrayJoin({names:Array(String)}) AS n)`, { params: { names } });
    expect(rows.map((r) => Number(r.id))).toEqual(names.map(metricId));
  });

  it('reads back every value bit for bit from the decimal columns, with its metric id', async () => {
    const { bytes, n, expected } = walRows();
    const enc = new SamplesBlockEncoder();
    await conn.insert(SAMPLES_TABLE, 'Native', enc.encode(bytes, n), SAMPLE_INSERT_COLUMNS);
    expect(await storedBits(conn)).toEqual(expected);
    // a second block, from an unaligned copy, with the hints the first one left
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    await conn.exec(`TRUNCATE TABLE ${SAMPLES_TABLE}`);
    await conn.insert(SAMPLES_TABLE, 'Native', enc.encode(shifted.subarray(3), n), SAMPLE_INSERT_COLUMNS);
    expect(await storedBits(conn)).toEqual(expected);
    expect(await metricIds(conn)).toEqual(expectedIds());
    // decimals where exact: the counters and gauges are not stored as raw bits
    const raw = await conn.queryRows<{ f: string }>(`SELECT DISTINCT toString(fingerprint) AS f FROM ${SAMPLES_TABLE} WHERE scale < 0 ORDER BY fingerprint`);
    expect(raw.map((r) => Number(r.f))).toEqual(RAW.map((_, i) => DECIMAL.length + i + 1));
  }, 60_000);

  it('rewrites a table of Float64 values without metric ids into the current layout once, keeping every bit', async () => {
    await conn.exec(`DROP TABLE IF EXISTS ${SAMPLES_TABLE}`);
    const earlier = createSamples()
      .replace(/mantissa Int64[^\n]*\n\s*scale Int8[^\n]*\n\s*metric UInt32[^\n]*\n\s*value Float64 ALIAS[^\n]*/, 'value Float64 CODEC(ZSTD(3))')
      .replace(`ORDER BY (${SAMPLES_SORT_KEY})`, 'ORDER BY (fingerprint, ts)');
    expect(earlier).not.toContain('mantissa');
    await conn.exec(earlier);
    const { bytes, expected } = walRows();
    await conn.insert(SAMPLES_TABLE, 'RowBinary', float64Rows(bytes), ['fingerprint', 'ts', 'value']);
    // a row whose series is not in the index keeps the unknown id
    await conn.exec(`INSERT INTO ${SAMPLES_TABLE} (fingerprint, ts, value) VALUES (999, ${T0}, 1)`);
    const told: [string, number][] = [];
    expect(await migrateSamplesLayout(conn, 86_400, (table, rows) => told.push([table, rows]))).toBe(true);
    expect(told).toEqual([[SAMPLES_TABLE, expected.size + 1]]);
    expect(await storedBits(conn)).toEqual(new Map([...expected, [`999:${T0}`, 0x3ff0000000000000n]]));
    expect(await metricIds(conn)).toEqual(new Map([...expectedIds(), [999, 0]]));
    const [scales] = await conn.queryRows<{ n: string }>(`SELECT toString(countIf(scale = 2)) AS n FROM ${SAMPLES_TABLE}`);
    expect(Number(scales!.n)).toBeGreaterThan(0);
    expect(await migrateSamplesLayout(conn, 86_400, (table, rows) => told.push([table, rows]))).toBe(false);
    expect(told).toHaveLength(1);
    const tables = await conn.queryRows<{ name: string }>(`SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '${SAMPLES_TABLE}%'`);
    expect(tables.map((t) => t.name)).toEqual([SAMPLES_TABLE]);
  }, 60_000);

  it('re-sorts a table of the current columns and another sort key, values and ids as stored', async () => {
    await conn.exec(`DROP TABLE ${SAMPLES_TABLE}`);
    await conn.exec(createSamples().replace(`ORDER BY (${SAMPLES_SORT_KEY})`, 'ORDER BY (fingerprint, ts)'));
    const { bytes, n, expected } = walRows();
    await conn.insert(SAMPLES_TABLE, 'Native', new SamplesBlockEncoder().encode(bytes, n), SAMPLE_INSERT_COLUMNS);
    expect(await migrateSamplesLayout(conn, 86_400)).toBe(true);
    expect(await storedBits(conn)).toEqual(expected);
    expect(await metricIds(conn)).toEqual(expectedIds());
    const [key] = await conn.queryRows<{ k: string }>(`SELECT sorting_key AS k FROM system.tables WHERE database = currentDatabase() AND name = '${SAMPLES_TABLE}'`);
    expect(key!.k).toBe(SAMPLES_SORT_KEY);
  }, 60_000);
});
