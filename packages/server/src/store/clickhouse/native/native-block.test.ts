import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbConnection } from '../chdb-connection.js';
import type { ClickHouseConnection } from '../connection.js';
import { mergeNativeBlocks } from './merge-blocks.js';
import { blockBytes, encodeBatches, NativeBlock, type NativeColumn } from './native-block.js';

/** One row of every type the stores send, and what the engine must read back. */
interface Row {
  s: string;
  n8: number;
  n32: number;
  n64: bigint;
  t: bigint;
  m: [string, string][];
  as: string[];
  a32: number[];
  at: bigint[];
  am: [string, string][][];
}

const columns: NativeColumn[] = [
  { name: 's', type: 'String' },
  { name: 'n8', type: 'UInt8' },
  { name: 'n32', type: 'UInt32' },
  { name: 'n64', type: 'UInt64' },
  { name: 't', type: 'DateTime64(9)' },
  { name: 'm', type: 'Map(String, String)' },
  { name: 'as', type: 'Array(String)' },
  { name: 'a32', type: 'Array(UInt32)' },
  { name: 'at', type: 'Array(DateTime64(9))' },
  { name: 'am', type: 'Array(Map(String, String))' },
];

function encode(rows: Row[], blk: NativeBlock): void {
  for (const r of rows) {
    blk.stream(0).string(r.s);
    blk.stream(1).u8(r.n8);
    blk.stream(2).u32(r.n32);
    blk.stream(3).u64(r.n64);
    blk.stream(4).i64(r.t);
    blk.offsetStream(5).add(r.m.length);
    for (const [k, v] of r.m) {
      blk.stream(5, 1).string(k);
      blk.stream(5, 2).string(v);
    }
    blk.offsetStream(6).add(r.as.length);
    for (const x of r.as) blk.stream(6, 1).string(x);
    blk.offsetStream(7).add(r.a32.length);
    for (const x of r.a32) blk.stream(7, 1).u32(x);
    blk.offsetStream(8).add(r.at.length);
    for (const x of r.at) blk.stream(8, 1).i64(x);
    blk.offsetStream(9).add(r.am.length);
    for (const m of r.am) {
      blk.offsetStream(9, 1).add(m.length);
      for (const [k, v] of m) {
        blk.stream(9, 2).string(k);
        blk.stream(9, 3).string(v);
      }
    }
  }
  blk.rows += rows.length;
}

function row(i: number): Row {
  const few = (n: number) => Array.from({ length: n % 4 }, (_, j) => j);
  return {
    s: `s${i}-ü`,
    n8: i % 256,
    n32: 4_000_000_000 - i,
    n64: 2n ** 63n + BigInt(i),
    t: 1_700_000_000_123_456_789n + BigInt(i),
    m: few(i).map((j) => [`k${j}`, `v${i}.${j}`]),
    as: few(i + 1).map((j) => `a${j}`),
    a32: few(i + 2).map((j) => j * 7),
    at: few(i + 3).map((j) => BigInt(j) * 1_000_000_001n),
    am: few(i).map((j) => few(j + i).map((k) => [`e${k}`, `${i}/${j}/${k}`] as [string, string])),
  };
}

describe('Native blocks (real engine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointer-native-'));
  let conn: ClickHouseConnection;
  const names = columns.map((c) => c.name);
  const read = async (table: string): Promise<unknown[]> =>
    conn.queryRows(`SELECT s, n8, n32, toString(n64) n64, toString(toUnixTimestamp64Nano(t)) t, m, as, a32, arrayMap(x -> toString(toUnixTimestamp64Nano(x)), at) at, am FROM ${table} ORDER BY n32 DESC`);
  const expected = (rows: Row[]) =>
    rows.map((r) => ({ s: r.s, n8: r.n8, n32: r.n32, n64: r.n64.toString(), t: r.t.toString(), m: Object.fromEntries(r.m), as: r.as, a32: r.a32, at: r.at.map(String), am: r.am.map((m) => Object.fromEntries(m)) }));

  beforeAll(async () => {
    conn = await openChdbConnection(join(dir, 'clickhouse'));
    for (const t of ['one', 'merged']) {
      // LowCardinality targets, as in the OTel tables: the engine converts String to them
      await conn.exec(`CREATE TABLE ${t} (s LowCardinality(String), n8 UInt8, n32 UInt32, n64 UInt64, t DateTime64(9), m Map(LowCardinality(String), String),
        as Array(String), a32 Array(UInt32), at Array(DateTime64(9)), am Array(Map(LowCardinality(String), String))) ENGINE = MergeTree ORDER BY n32`);
    }
  });
  afterAll(async () => {
    await conn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back every type exactly, and merged blocks equal one block of the same rows', async () => {
    const rows = Array.from({ length: 23 }, (_, i) => row(i));
    const blk = new NativeBlock(columns);
    encode(rows, blk);
    await conn.insert('one', 'Native', blockBytes(blk.finish()), names);
    expect(await read('one')).toEqual(expected(rows));

    // blocks of 1, 0, 7 and 15 rows (an empty block and blocks whose nested arrays are empty too)
    const parts = [rows.slice(0, 1), [], rows.slice(1, 8), rows.slice(8)];
    const built = parts.map((p) => {
      blk.reset();
      encode(p, blk);
      const b = blk.finish();
      return { ...b, bytes: blockBytes(b) };
    });
    const src = Buffer.concat(built.map((b) => b.bytes));
    let at = 0;
    const refs = built.map((b) => {
      const ref = { src, at, rows: b.rows, layout: b.layout };
      at += b.bytes.length;
      return ref;
    });
    const merged = await mergeNativeBlocks(columns, refs);
    blk.reset();
    encode(rows, blk);
    expect(merged.equals(blockBytes(blk.finish()))).toBe(true);
    await conn.insert('merged', 'Native', merged, names);
    expect(await read('merged')).toEqual(expected(rows));
  });

  it('encodes batches into one block, leaving out a batch whose encoding throws half-way', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => row(i + 100));
    const batches = [rows.slice(0, 3), rows.slice(3, 5), rows.slice(5)];
    const blk = new NativeBlock(columns);
    const { encoded, failed } = encodeBatches(blk, batches, (b, block) => {
      encode(b.slice(0, 1), block); // part of it written before it fails
      if (b === batches[1]) throw new Error('bug');
      encode(b.slice(1), block);
    });
    expect(encoded).toEqual([batches[0], batches[2]]);
    expect(failed.map((f) => [f.batch, (f.error as Error).message])).toEqual([[batches[1], 'bug']]);
    const good = new NativeBlock(columns);
    encode([...batches[0]!, ...batches[2]!], good);
    expect(blockBytes(blk.finish()).equals(blockBytes(good.finish()))).toBe(true);
    await conn.exec('TRUNCATE TABLE one');
    await conn.insert('one', 'Native', blockBytes(blk.finish()), names);
    expect(await read('one')).toEqual(expected([...batches[0]!, ...batches[2]!]));
  });
});
