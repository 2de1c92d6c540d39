/**
 * ClickHouse's engine (chDB) behind ClickHouse's HTTP interface (tools/chdb-http), driven by the
 * official @clickhouse/client: DDL, JSONEachRow and RowBinary inserts, bound parameters, a
 * database and settings in the URL, compressed request bodies, and the server's error format.
 */
import { Readable } from 'node:stream';
import { ClickHouseError, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';

/** One row as RowBinary: UInt32 little-endian, String as LEB128 length + bytes, Float64 little-endian. */
function rowBinary(id: number, name: string, value: number): Buffer {
  const text = Buffer.from(name, 'utf8');
  const out = Buffer.alloc(4 + 1 + text.length + 8);
  out.writeUInt32LE(id, 0);
  out.writeUInt8(text.length, 4); // names here are shorter than 128 bytes: one LEB128 byte
  text.copy(out, 5);
  out.writeDoubleLE(value, 5 + text.length);
  return out;
}

describe('ClickHouse engine over HTTP (POINTER_TEST_CLICKHOUSE_URL)', () => {
  const database = uniqueName('svc_ch');
  let opened: ClickHouseClient | undefined;

  /** A client on this file's own database, made on first use so a missing URL fails each test. */
  async function db(): Promise<ClickHouseClient> {
    if (opened) return opened;
    const url = serviceEnv('POINTER_TEST_CLICKHOUSE_URL');
    const admin = createClient({ url });
    await admin.command({ query: `CREATE DATABASE ${database}` });
    await admin.close();
    // Errors are expected in one test; the client would also log each one.
    opened = createClient({ url, database, compression: { request: true }, log: { level: ClickHouseLogLevel.OFF } });
    return opened;
  }
  afterAll(async () => {
    await opened?.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await opened?.close();
  });

  it('answers ping', async () => {
    const client = await db();
    expect((await client.ping()).success).toBe(true);
  });

  it('creates a table, inserts JSONEachRow and RowBinary, and selects the rows back', async () => {
    const client = await db();
    await client.command({
      query: `CREATE TABLE events (id UInt32, name String, value Float64, note String DEFAULT 'none')
              ENGINE = MergeTree ORDER BY id`,
    });
    const inserted = await client.insert({
      table: 'events',
      format: 'JSONEachRow',
      values: [
        { id: 1, name: 'alpha', value: 1.25 },
        { id: 2, name: 'beta', value: -2, note: 'json' },
      ],
    });
    expect(inserted.executed).toBe(true);

    const binary = await client.exec({
      query: 'INSERT INTO events (id, name, value) FORMAT RowBinary',
      values: Readable.from([Buffer.concat([rowBinary(3, 'gamma-ü', 3.5), rowBinary(4, 'delta', 1e100)])]),
    });
    binary.stream.destroy();

    const result = await client.query({
      query: 'SELECT id, name, value, note FROM events WHERE id >= {min:UInt32} ORDER BY id',
      query_params: { min: 1 },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { id: 1, name: 'alpha', value: 1.25, note: 'none' },
      { id: 2, name: 'beta', value: -2, note: 'json' },
      { id: 3, name: 'gamma-ü', value: 3.5, note: 'none' },
      { id: 4, name: 'delta', value: 1e100, note: 'none' },
    ]);
  });

  it('applies settings given per query and forgets them afterwards', async () => {
    const client = await db();
    const withSetting = await client.query({
      query: "SELECT getSetting('max_threads') AS t",
      format: 'JSONEachRow',
      clickhouse_settings: { max_threads: 1 },
    });
    expect(await withSetting.json()).toEqual([{ t: 1 }]);
    const after = await client.query({ query: "SELECT getSetting('max_threads') = 1 AS still", format: 'JSONEachRow' });
    expect(await after.json()).toEqual([{ still: 0 }]);
  });

  it('reports a bad query as ClickHouse does: code, type and message', async () => {
    const client = await db();
    const error = await client.query({ query: 'SELECT * FROM no_such_table', format: 'JSONEachRow' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClickHouseError);
    expect((error as ClickHouseError).code).toBe('60');
    expect((error as ClickHouseError).type).toBe('UNKNOWN_TABLE');
    expect((error as ClickHouseError).message).toContain('no_such_table');

    const syntax = await client.command({ query: 'SELEC 1' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((syntax as ClickHouseError).type).toBe('SYNTAX_ERROR');
  });
});
