/**
 * The writer's per-series state found through a reusable entry's memo (remote write's cached
 * label sets), against the real engine: the memo is per tenant, and a state the series cache
 * forgot is not used again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbConnection } from '../../clickhouse/chdb-connection.js';
import type { ClickHouseConnection } from '../../clickhouse/connection.js';
import type { SeriesEntry } from '../../../model/index.js';
import { MetricBatchBuilder, reusableSeriesEntry } from '../batch-builder.js';
import { openEmbeddedMetricStore } from './store.js';

const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;

function one(tenant: string, entry: SeriesEntry, ts: number) {
  const b = new MetricBatchBuilder(tenant);
  b.add(b.seriesForEntry(entry), T0 + ts, ts);
  return b.build();
}

describe('embedded writer with reusable series entries (real engine)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ptr-tsdb-memo-'));
  let conn: ClickHouseConnection;

  beforeAll(async () => {
    conn = await openChdbConnection(join(root, 'clickhouse'));
  });
  afterAll(async () => {
    await conn?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps ordering per tenant, and restarts it for a series the cache forgot', async () => {
    const store = await openEmbeddedMetricStore(conn, { retentionMs: 30 * 86_400_000, walDir: join(root, 'wal'), maxCachedSeries: 2 });
    const a = reusableSeriesEntry([['__name__', 'memo_test'], ['s', 'a']]);
    const reject = { conflicts: 'reject' } as const;
    expect((await store.write(one('x', a, 10_000), reject)).samplesWritten).toBe(1);
    expect((await store.write(one('x', a, 5_000), reject)).outOfOrder).toBe(1);
    // the same entry under another tenant: a state of its own
    expect((await store.write(one('y', a, 5_000), reject)).samplesWritten).toBe(1);
    expect((await store.write(one('x', a, 5_000), reject)).outOfOrder).toBe(1);
    // other series push x's state out of the 2-series cache: its next sample starts over
    for (let i = 0; i < 4; i++) await store.write(one('x', reusableSeriesEntry([['__name__', 'memo_test'], ['s', `o${i}`]]), 20_000), reject);
    expect((await store.write(one('x', a, 5_000), reject)).samplesWritten).toBe(1);
    await store.stop();
  });
});
