import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeNativeBlocks } from '../native/merge-blocks.js';
import { blockBytes, NativeBlock as NativeBlockBuilder, type NativeBlock, type NativeColumn } from '../native/native-block.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openChdbConnection } from '../chdb-connection.js';
import type { ClickHouseConnection } from '../connection.js';
import { SegmentFile } from './segment-file.js';
import { WalGroupCommitWriter } from './wal-writer.js';

interface Rows {
  count: number;
  first: number;
}
const encode = (b: Rows, blk: NativeBlock) => {
  const w = blk.stream(0);
  for (let i = 0; i < b.count; i++) w.u32(b.first + i);
  blk.rows += b.count;
};
const columns: NativeColumn[] = [{ name: 'x', type: 'UInt32' }];
const u32s = (...xs: number[]): Uint8Array => {
  const b = Buffer.alloc(4 * xs.length);
  xs.forEach((x, i) => b.writeUInt32LE(x, i * 4));
  return b;
};

describe('write-ahead log writer (real engine)', () => {
  const root = mkdtempSync(join(tmpdir(), 'pointer-wal-'));
  let conn: ClickHouseConnection;
  let dir: string;
  let n = 0;
  const count = async (): Promise<number> => Number((await conn.queryRows<{ n: string }>('SELECT toString(count()) AS n FROM w'))[0]!.n);
  const open = (o: Partial<Parameters<typeof WalGroupCommitWriter.open<Rows>>[0]> = {}) =>
    WalGroupCommitWriter.open<Rows>({ conn, table: 'w', columns, encode, dir, maxDelayMs: 60_000, ...o });

  beforeAll(async () => {
    conn = await openChdbConnection(join(root, 'clickhouse'));
  });
  beforeEach(async () => {
    dir = join(root, `wal-${++n}`);
    await conn.exec('DROP TABLE IF EXISTS w');
    await conn.exec('CREATE TABLE w (x UInt32) ENGINE = MergeTree ORDER BY x SETTINGS non_replicated_deduplication_window = 100');
  });
  afterAll(async () => {
    await conn?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('acknowledges from the log, inserts in large groups, and makes everything readable on sync', async () => {
    const commits: number[] = [];
    const w = await open({ maxRows: 1000, onCommit: (rows) => commits.push(rows) });
    for (let k = 0; k < 25; k++) await w.write({ count: 100, first: k * 100 });
    await w.sync();
    expect(await count()).toBe(2500);
    expect(commits).toEqual([1000, 1000, 500]);
    expect(readdirSync(dir)).toEqual([]); // committed segments are deleted
    await w.stop();
    await expect(w.write({ count: 1, first: 0 })).rejects.toMatchObject({ code: 'PTR_ERR_NOT_READY' });
  });

  it('seals a segment when it is maxDelayMs old', async () => {
    const w = await open({ maxDelayMs: 30 });
    await w.write({ count: 3, first: 1 });
    await new Promise((r) => setTimeout(r, 400));
    expect(await count()).toBe(3);
    await w.stop();
  });

  it('inserts at start what a killed process acknowledged, without the torn batch after it', async () => {
    const crashed = await open();
    await crashed.write({ count: 10, first: 0 });
    await crashed.write({ count: 5, first: 100 });
    expect(await count()).toBe(0); // acknowledged, not yet inserted
    const [segment] = readdirSync(dir).filter((f) => f.endsWith('.native'));
    appendFileSync(join(dir, segment!), Buffer.from([1, 2, 3])); // a batch cut short by the kill
    const restarted = await open();
    expect(await count()).toBe(15);
    expect(readdirSync(dir)).toEqual([]);
    await restarted.stop();
    await crashed.stop(0);
  });

  it('replays a segment from its merged copy when one was made (an insert may have committed from it), else from its blocks', async () => {
    mkdirSync(dir, { recursive: true });
    const blk = new NativeBlockBuilder(columns);
    const blocks = [[1, 2], [3, 4, 5]].map((xs) => {
      blk.reset();
      encode({ count: xs.length, first: xs[0]! }, blk);
      const b = blk.finish();
      return { ...b, bytes: blockBytes(b) };
    });
    const segment = async (name: string): Promise<string> => {
      const seg = new SegmentFile(dir, name, false);
      const refs = blocks.map((b) => {
        const at = seg.bytes;
        seg.append(b.bytes, b.rows);
        return { at, rows: b.rows, layout: b.layout };
      });
      seg.close();
      const src = readFileSync(join(dir, name));
      writeFileSync(join(dir, `${name}.merged`), await mergeNativeBlocks(columns, refs.map((r) => ({ ...r, src }))));
      return name;
    };
    // the first process committed the merged copy with the segment's token, then died
    const a = await segment('seg-0000001700000000-00000001.native');
    await conn.insertFile('w', 'Native', join(dir, `${a}.merged`), ['x'], { insert_deduplication_token: `w/${a}`, insert_deduplicate: 1 });
    // this one died before its merged copy was complete
    const b = await segment('seg-0000001700000000-00000002.native');
    rmSync(join(dir, `${b}.merged`));
    writeFileSync(join(dir, `${b}.merged.tmp`), 'cut short');
    const w = await open();
    expect(await count()).toBe(10);
    expect(readdirSync(dir)).toEqual([]);
    await w.stop();
  });

  it('does not store a legacy RowBinary segment twice when its insert committed but the file was not yet deleted', async () => {
    mkdirSync(dir, { recursive: true });
    const name = 'seg-0000001700000000-00000001.rowbinary';
    const seg = new SegmentFile(dir, name, false);
    seg.append(u32s(7, 8, 9), 3);
    seg.close();
    // the first process committed it with its token, then died before deleting it
    await conn.insertFile('w', 'RowBinary', join(dir, name), ['x'], { insert_deduplication_token: `w/${name}`, insert_deduplicate: 1 });
    const w = await open();
    expect(await count()).toBe(3);
    await w.stop();
  });

  it('keeps acknowledged rows while inserts fail, retries, fails reads that would miss them, and refuses beyond maxPendingRows', async () => {
    await conn.exec('DROP TABLE w');
    const retries: number[] = [];
    const w = await open({ maxRows: 10, maxPendingRows: 25, onRetry: (_e, attempt) => retries.push(attempt) });
    await w.write({ count: 10, first: 0 }); // sealed, its insert fails: no table
    await w.write({ count: 10, first: 10 });
    await expect(w.write({ count: 10, first: 20 })).rejects.toMatchObject({ code: 'PTR_ERR_OVERLOADED', retryable: true });
    // a read meanwhile fails clearly instead of answering without the acknowledged rows
    await expect(w.readBarrier(100)).rejects.toMatchObject({ code: 'PTR_ERR_STORAGE', retryable: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(retries.length).toBeGreaterThan(0);
    await conn.exec('CREATE TABLE w (x UInt32) ENGINE = MergeTree ORDER BY x SETTINGS non_replicated_deduplication_window = 100');
    await w.sync(5000);
    expect(await count()).toBe(20);
    await w.write({ count: 10, first: 20 }); // room again
    await w.stop();
    expect(await count()).toBe(30);
  });
});
