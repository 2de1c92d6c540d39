/**
 * The one contract every ClickHouseConnection must keep, run against each implementation:
 * in-process chDB (clickhouse-chdb.test.ts) and HTTP through the chDB shim
 * (clickhouse-http.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowBinaryWriter, isPtrError, type ClickHouseConnection } from '@pointer/server';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isPtrError(err) ? err.code : `not coded: ${String(err)}`;
  }
  return 'resolved';
}

export function connectionContract(name: string, open: () => Promise<ClickHouseConnection>): void {
  describe(`ClickHouseConnection contract: ${name}`, () => {
    let conn: ClickHouseConnection;
    const db = `contract_${randomBytes(4).toString('hex')}`;
    const t = `${db}.kv`;

    beforeAll(async () => {
      conn = await open();
      await conn.exec(`CREATE DATABASE IF NOT EXISTS ${db}`);
      await conn.exec(`CREATE TABLE ${t} (
        id UInt64, name String, neg Int64, x Float64, ts DateTime64(9),
        m Map(LowCardinality(String), String), arr Array(String), low LowCardinality(String)
      ) ENGINE = MergeTree ORDER BY id`);
    });
    afterAll(async () => {
      await conn?.exec(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
      await conn?.close();
    });

    it('inserts RowBinary and reads every wire type back exactly', async () => {
      const w = new RowBinaryWriter(16);
      const rows = [
        { id: 18446744073709551615n, name: 'nul\0byte \n\n\n\n ünïcødé 🚀', neg: -9223372036854775808n, x: 0.1 + 0.2, ts: 1700000000123456789n, m: [['k', 'v'], ['k2', '']], arr: ['a', ''], low: 'svc' },
        { id: 1n, name: 'x'.repeat(300), neg: -1n, x: -1e308, ts: 0n, m: [], arr: [], low: '' },
      ] as const;
      for (const r of rows) {
        w.u64(r.id);
        w.string(r.name);
        w.i64(r.neg);
        w.f64(r.x);
        w.i64(r.ts);
        w.varuint(r.m.length);
        for (const [k, v] of r.m) {
          w.string(k);
          w.string(v);
        }
        w.varuint(r.arr.length);
        for (const s of r.arr) w.string(s);
        w.string(r.low);
      }
      await conn.insert(t, 'RowBinary', w.bytes());
      const got = await conn.queryRows<{ id: string; name: string; neg: string; x: number; ts: string; m: Record<string, string>; arr: string[]; low: string }>(
        `SELECT toString(id) AS id, name, toString(neg) AS neg, x, toString(toUnixTimestamp64Nano(ts)) AS ts, m, arr, low FROM ${t} ORDER BY id DESC`,
      );
      expect(got).toEqual(rows.map((r) => ({ id: String(r.id), name: r.name, neg: String(r.neg), x: r.x, ts: String(r.ts), m: Object.fromEntries(r.m), arr: [...r.arr], low: r.low })));
    });

    it('binds parameters server-side (strings with quotes, numbers, arrays)', async () => {
      const rows = await conn.queryRows<{ n: string; s: string; has: number }>(
        'SELECT toString({n:UInt64}) AS n, {s:String} AS s, has({a:Array(String)}, {s:String}) AS has',
        { params: { n: 42, s: "it's \\ \"q\"\n", a: ['x', "it's \\ \"q\"\n"] } },
      );
      expect(rows).toEqual([{ n: '42', s: "it's \\ \"q\"\n", has: 1 }]);
    });

    it('returns raw bytes in the asked format', async () => {
      const tsv = Buffer.from(await conn.queryBytes('SELECT number FROM system.numbers LIMIT 3', 'TabSeparated')).toString();
      expect(tsv).toBe('0\n1\n2\n');
      const rb = await conn.queryBytes('SELECT toUInt32(7) AS v', 'RowBinary');
      expect([...rb]).toEqual([7, 0, 0, 0]);
    });

    it('applies per-query settings: a result limit is PTR_ERR_QUERY_LIMIT', async () => {
      expect(await codeOf(conn.queryRows('SELECT number FROM system.numbers LIMIT 100', { settings: { max_result_rows: 10, result_overflow_mode: 'throw' } }))).toBe('PTR_ERR_QUERY_LIMIT');
    });

    it('a query past max_execution_time is PTR_ERR_QUERY_TIMEOUT', async () => {
      const t0 = Date.now();
      expect(await codeOf(conn.queryRows('SELECT sum(sipHash64(number)) FROM numbers(100000000000)', { settings: { max_execution_time: 0.3, timeout_overflow_mode: 'throw' } }))).toBe('PTR_ERR_QUERY_TIMEOUT');
      expect(Date.now() - t0).toBeLessThan(10_000);
    });

    it('bad SQL is PTR_ERR_STORAGE and the connection keeps working', async () => {
      expect(await codeOf(conn.queryRows('SELEC 1'))).toBe('PTR_ERR_STORAGE');
      expect(await codeOf(conn.queryRows(`SELECT nope FROM ${t}`))).toBe('PTR_ERR_STORAGE');
      expect(await conn.queryRows('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it('a malformed insert stores nothing', async () => {
      const before = await conn.queryRows<{ c: string }>(`SELECT toString(count()) AS c FROM ${t}`);
      expect(await codeOf(conn.insert(t, 'RowBinary', new Uint8Array([1, 2, 3])))).toBe('PTR_ERR_STORAGE');
      expect(await conn.queryRows(`SELECT toString(count()) AS c FROM ${t}`)).toEqual(before);
    });

    it('concurrent inserts all land', async () => {
      await conn.exec(`CREATE TABLE ${db}.c (id UInt32, s String) ENGINE = MergeTree ORDER BY id`);
      await Promise.all(
        Array.from({ length: 8 }, async (_, k) => {
          const w = new RowBinaryWriter(64);
          for (let i = 0; i < 1000; i++) {
            w.u32(k * 1000 + i);
            w.string(`row ${k}/${i}`);
          }
          await conn.insert(`${db}.c`, 'RowBinary', w.bytes(), ['id', 's']);
        }),
      );
      expect(await conn.queryRows(`SELECT count() AS n, uniqExact(id) AS u FROM ${db}.c`)).toEqual([{ n: '8000', u: '8000' }]);
    });

    it('inserts a local file with a deduplication token: the same file twice is stored once', async () => {
      await conn.exec(`CREATE TABLE ${db}.f (id UInt32) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 10`);
      const dir = mkdtempSync(join(tmpdir(), 'ptr-contract-'));
      const file = join(dir, 'segment.rowbinary');
      const w = new RowBinaryWriter(64);
      for (let i = 0; i < 100; i++) w.u32(i);
      writeFileSync(file, w.bytes());
      const settings = { insert_deduplication_token: `${db}/segment-1`, insert_deduplicate: 1 };
      await conn.insertFile(`${db}.f`, 'RowBinary', file, ['id'], settings);
      await conn.insertFile(`${db}.f`, 'RowBinary', file, ['id'], settings);
      expect(await conn.queryRows(`SELECT count() AS n FROM ${db}.f`)).toEqual([{ n: '100' }]);
      await conn.insertFile(`${db}.f`, 'RowBinary', file, ['id'], { ...settings, insert_deduplication_token: `${db}/segment-2` });
      expect(await conn.queryRows(`SELECT count() AS n FROM ${db}.f`)).toEqual([{ n: '200' }]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('exec runs DDL and INSERT ... SELECT', async () => {
      await conn.exec(`INSERT INTO ${db}.c SELECT number + 100000, 'x' FROM numbers(5)`);
      expect(await conn.queryRows(`SELECT count() AS n FROM ${db}.c WHERE id >= 100000`)).toEqual([{ n: '5' }]);
    });
  });
}
