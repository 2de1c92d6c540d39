/**
 * The embedded TSDB's write-ahead log against the real engine: acknowledged writes are readable
 * at once (read barrier), reach the engine in the background and leave no segment behind,
 * survive an abandoned process (replay, torn tail, replayed twice without duplicates), survive
 * failing inserts (kept, retried, writes refused when the bound is reached) and a failed append
 * is rejected with the series' ordering state rolled back.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbConnection } from '../../clickhouse/chdb-connection.js';
import type { ClickHouseConnection } from '../../clickhouse/connection.js';
import { MetricBatchBuilder } from '../batch-builder.js';
import type { MetricStore } from '../metric-store.js';
import { openEmbeddedMetricStore, type EmbeddedStoreOptions } from './store.js';
import { SAMPLES_TABLE, schemaStatements } from './schema.js';
import type { ReplayReport } from './replay.js';
import { SEGMENT_MAGIC, decodeSegment, encodeRecord } from './wal-format.js';

const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const ALL = [{ name: '__name__', op: '=~', value: '.+' }] as const;

function batch(tenant: string, series: number, points: number, from = 0) {
  const b = new MetricBatchBuilder(tenant);
  for (let s = 0; s < series; s++) {
    const i = b.seriesFor([['__name__', 'wal_test'], ['s', String(s)]], { type: 'gauge', help: 'h' });
    for (let p = from; p < from + points; p++) {
      const row = b.add(i, T0 + p * 1000, s * 1000 + p);
      if (p === from && s === 0) b.addExemplar({ sample: row, labels: [['trace_id', `t${p}`]], value: p, timestampMs: T0 + p * 1000 });
    }
  }
  return b.build();
}

async function samplesOf(store: MetricStore, tenant: string): Promise<number> {
  const r = await store.querier(tenant).select(ALL as never, T0 - 1000, T0 + 86_400_000);
  return r.reduce((n, s) => n + s.timestamps.length, 0);
}

describe('embedded TSDB write-ahead log (real engine)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ptr-tsdb-wal-'));
  let conn: ClickHouseConnection;
  let n = 0;
  const open = (walDir: string, over: Partial<EmbeddedStoreOptions> = {}) =>
    openEmbeddedMetricStore(conn, { retentionMs: 30 * 86_400_000, walDir, ...over });
  const newDir = () => join(root, `wal-${n++}`);
  const segments = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.wal'));

  beforeAll(async () => {
    conn = await openChdbConnection(join(root, 'clickhouse'));
  });
  afterAll(async () => {
    await conn?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('acknowledges from the WAL, reads after write exactly, commits in the background and deletes the segment', async () => {
    const dir = newDir();
    const store = await open(dir, { flushIntervalMs: 300, flushSamples: 1_000_000 });
    const r = await store.write(batch('a1', 10, 50));
    expect(r.samplesWritten).toBe(500);
    expect(segments(dir)).toHaveLength(1);
    // the barrier commits before the read
    expect(await samplesOf(store, 'a1')).toBe(500);
    expect(segments(dir)).toHaveLength(0);
    // a write left alone is committed by age, without any reader
    await store.write(batch('a2', 2, 10));
    expect(segments(dir)).toHaveLength(1);
    await new Promise((res) => setTimeout(res, 1500));
    expect(segments(dir)).toHaveLength(0);
    const [c] = await conn.queryRows<{ n: string }>(`SELECT count() AS n FROM ${SAMPLES_TABLE} WHERE fingerprint IN (SELECT fingerprint FROM pointer_metric_series WHERE tenant = 'a2')`);
    expect(c!.n).toBe('20');
    await store.stop();
    await expect(store.write(batch('a1', 1, 1, 100))).rejects.toMatchObject({ code: 'PTR_ERR_NOT_READY' });
  });

  it('replays what an abandoned store acknowledged, keeps the valid prefix of a torn segment, and a second replay adds no duplicates', async () => {
    const dir = newDir();
    // the first store never commits (no reader, no stop): as a process killed right after acknowledging
    const dead = await open(dir, { flushIntervalMs: 3_600_000, flushSamples: 10_000_000 });
    await dead.write(batch('r1', 5, 20), { metadata: [{ metric: 'wal_other', type: 'counter', help: 'x', unit: '' }] });
    await dead.write(batch('r1', 5, 20, 20));
    const [seg] = segments(dir);
    appendFileSync(join(dir, seg!), Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6]));
    copyFileSync(join(dir, seg!), join(root, 'saved.wal'));

    const reports: ReplayReport[] = [];
    const second = await open(dir, { onReplay: (r) => reports.push(r) });
    expect(reports[0]).toMatchObject({ segments: 1, records: 2, samples: 200 });
    expect(reports[0]!.damaged[0]!.damage).toMatch(/truncated record/);
    expect(segments(dir)).toHaveLength(0);
    expect(await samplesOf(second, 'r1')).toBe(200);
    await second.stop();

    // a crash between the insert and the unlink: the same segment is replayed again
    copyFileSync(join(root, 'saved.wal'), join(dir, seg!));
    const third = await open(dir);
    expect(await samplesOf(third, 'r1')).toBe(200);
    expect((await third.querier('r1').series([ALL as never], T0 - 1000, T0 + 86_400_000)).length).toBe(5);
    const md = await third.metadata('r1');
    expect(Object.keys(md).sort()).toEqual(['wal_other', 'wal_test']);
    const ex = await third.exemplars('r1', [ALL as never], T0 - 1000, T0 + 86_400_000);
    expect(ex.flatMap((s) => s.exemplars).map((e) => e.value)).toEqual([0, 20]);
    await third.stop();
  });

  it('replays segments of the first WAL format (no metric id) and reads their samples', async () => {
    const dir = newDir();
    const dead = await open(dir, { flushIntervalMs: 3_600_000, flushSamples: 10_000_000 });
    await dead.write(batch('v1', 5, 20));
    // the same records as version 1 wrote them: 24-byte sample rows, version byte 1
    for (const name of segments(dir)) {
      const { records } = decodeSegment(readFileSync(join(dir, name)));
      const v1 = records.map((r) => {
        const rows = Buffer.concat(Array.from({ length: r.sampleRows }, (_, i) => Buffer.from(r.samples).subarray(i * 32, i * 32 + 24)));
        const rec = encodeRecord({ ...r, samples: rows });
        rec[8] = 1;
        rec.writeUInt32LE(crc32(rec.subarray(8)), 4);
        return rec;
      });
      writeFileSync(join(dir, name), Buffer.concat([SEGMENT_MAGIC, ...v1]));
    }
    const store = await open(dir);
    expect(await samplesOf(store, 'v1')).toBe(100);
    const [ids] = await conn.queryRows<{ n: string }>(
      `SELECT toString(countIf(metric = 0)) AS n FROM ${SAMPLES_TABLE} WHERE fingerprint IN (SELECT fingerprint FROM pointer_metric_series WHERE tenant = 'v1')`,
    );
    expect(ids!.n).toBe('100');
    await store.stop();
  });

  it('bounds segment size, and replays many segments in several groups', async () => {
    const dir = newDir();
    const dead = await open(dir, { flushIntervalMs: 3_600_000, flushSamples: 10_000_000, walSegmentBytes: 4096 });
    for (let k = 0; k < 30; k++) await dead.write(batch('m1', 4, 25, k * 25));
    const segs = segments(dir);
    // 100 samples (2.4 kB) a record: at most one record over the bound per segment
    expect(segs.length).toBeGreaterThanOrEqual(15);
    const reports: ReplayReport[] = [];
    const store = await open(dir, { flushSamples: 1000, onReplay: (r) => reports.push(r) });
    expect(reports[0]).toMatchObject({ segments: segs.length, records: 30, samples: 3000, damaged: [] });
    expect(segments(dir)).toHaveLength(0);
    expect(await samplesOf(store, 'm1')).toBe(3000);
    await store.stop();
  });

  it('keeps acknowledged samples through failing inserts, refuses writes at the bound, and commits them once inserts work again', async () => {
    const dir = newDir();
    const warnings: string[] = [];
    const store = await open(dir, { flushIntervalMs: 100, maxPendingSamples: 1000, retryBaseMs: 50, onWarning: (m) => warnings.push(m) });
    await conn.exec(`DROP TABLE ${SAMPLES_TABLE}`);
    try {
      expect((await store.write(batch('f1', 10, 40))).samplesWritten).toBe(400);
      await expect(store.forceFlush()).rejects.toMatchObject({ code: 'PTR_ERR_STORAGE' });
      expect((await store.write(batch('f1', 10, 40, 40))).samplesWritten).toBe(400);
      await expect(store.write(batch('f1', 10, 40, 80))).rejects.toMatchObject({ code: 'PTR_ERR_OVERLOADED', retryAfterSeconds: 1 });
      await expect(store.querier('f1').select(ALL as never, T0, T0 + 1000)).rejects.toMatchObject({ code: 'PTR_ERR_STORAGE' });
      expect(segments(dir).length).toBeGreaterThan(0);
      expect(warnings.some((w) => w.includes('insert failed'))).toBe(true);
    } finally {
      for (const sql of schemaStatements(30 * 86_400)) await conn.exec(sql);
    }
    // the background retry gets through; the read barrier then sees everything acknowledged
    expect(await samplesOf(store, 'f1')).toBe(800);
    expect(segments(dir)).toHaveLength(0);
    expect((await store.write(batch('f1', 10, 40, 80))).samplesWritten).toBe(400);
    expect(await samplesOf(store, 'f1')).toBe(1200);
    await store.stop();
  });

  it('rejects a write whose WAL append failed and rolls its ordering state back', async () => {
    const dir = newDir();
    const store = await open(dir);
    expect((await store.write(batch('w1', 3, 10))).samplesWritten).toBe(30);
    await store.forceFlush();
    // the next append must open a new segment: make that impossible
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');
    await expect(store.write(batch('w1', 3, 10, 10), { conflicts: 'reject' })).rejects.toMatchObject({ code: 'PTR_ERR_STORAGE' });
    rmSync(dir);
    mkdirSync(dir);
    // judged against what was logged: the same samples are new, not duplicates
    const r = await store.write(batch('w1', 3, 10, 10), { conflicts: 'reject' });
    expect(r).toMatchObject({ samplesWritten: 30, duplicates: 0, outOfOrder: 0 });
    expect(await samplesOf(store, 'w1')).toBe(60);
    await store.stop();
  });
});
