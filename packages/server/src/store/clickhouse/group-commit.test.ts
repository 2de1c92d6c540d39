import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeBlock, NativeColumn } from './native/native-block.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbConnection } from './chdb-connection.js';
import type { ClickHouseConnection } from './connection.js';
import { GroupCommitWriter } from './group-commit.js';

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

describe('group commit (real engine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointer-gc-'));
  let conn: ClickHouseConnection;
  beforeAll(async () => {
    conn = await openChdbConnection(join(dir, 'clickhouse'));
    await conn.exec('CREATE TABLE g (x UInt32) ENGINE = MergeTree ORDER BY x');
  });
  afterAll(async () => {
    await conn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gathers concurrent writes into few inserts and resolves each after its commit', async () => {
    const commits: number[] = [];
    const w = new GroupCommitWriter<Rows>({ conn, table: 'g', columns, encode, maxDelayMs: 20, onCommit: (rows) => commits.push(rows) });
    await Promise.all(Array.from({ length: 50 }, (_, k) => w.write({ count: 100, first: k * 100 }).then(async () => {
      // resolved => committed: visible at once
      const [r] = await conn.queryRows<{ n: string }>(`SELECT count() AS n FROM g WHERE x = ${k * 100}`);
      expect(r!.n).toBe('1');
    })));
    expect(commits.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(commits.length).toBeLessThan(10);
    await w.stop();
    await expect(w.write({ count: 1, first: 0 })).rejects.toMatchObject({ code: 'PTR_ERR_NOT_READY' });
  });

  it('refuses beyond maxPendingRows with a retryable PTR_ERR_OVERLOADED', async () => {
    const w = new GroupCommitWriter<Rows>({ conn, table: 'g', columns, encode, maxDelayMs: 50, maxPendingRows: 150 });
    const a = w.write({ count: 100, first: 10_000 });
    await expect(w.write({ count: 100, first: 20_000 })).rejects.toMatchObject({ code: 'PTR_ERR_OVERLOADED', retryable: true, retryAfterSeconds: 1 });
    await a;
    await w.stop();
  });

  it('rejects every batch of a failed insert with a retryable storage error', async () => {
    const w = new GroupCommitWriter<Rows>({ conn, table: 'missing_table', columns, encode, maxDelayMs: 5 });
    const results = await Promise.allSettled([w.write({ count: 1, first: 1 }), w.write({ count: 1, first: 2 })]);
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'PTR_ERR_STORAGE', retryable: true } });
    await w.stop();
  });
});
