import { describe, expect, it } from 'vitest';
import { QueryArena, pooledArenaBytes } from './query-arena.js';
import { createPromQLEngine } from '../../promql/engine.js';
import { MemoryQuerier } from '../../promql/memory-querier.js';

describe('QueryArena', () => {
  it('hands out zeroed, aligned arrays and reuses the buffers a released arena gave back', () => {
    const a = new QueryArena();
    const x = a.u8(3);
    const y = a.f64(5);
    expect(y.byteOffset % 8).toBe(0);
    x.fill(7);
    y.fill(1.5);
    const big = a.f64(1 << 18); // 2 MiB: a buffer of its own
    big.fill(2);
    const before = pooledArenaBytes();
    a.release();
    expect(pooledArenaBytes()).toBeGreaterThan(before);

    const b = new QueryArena();
    const again = b.f64(5);
    const bigAgain = b.f64(1 << 18);
    // the same memory, zeroed again
    expect(again.buffer).toBe(y.buffer);
    expect(bigAgain.buffer).toBe(big.buffer);
    expect([...again]).toEqual([0, 0, 0, 0, 0]);
    expect(bigAgain.every((v) => v === 0)).toBe(true);
    b.release();
  });

  it('after release answers with unpooled memory, so a late writer touches no other query', () => {
    const a = new QueryArena();
    a.f64(10);
    a.release();
    const late = a.f64(10);
    late.fill(9);
    const b = new QueryArena();
    const other = b.f64(10);
    expect(other.buffer).not.toBe(late.buffer);
    expect([...other].every((v) => v === 0)).toBe(true);
    b.release();
  });
});

describe('PromQL results and the arena', () => {
  it('a result stays intact when later queries reuse the arena buffers', async () => {
    const ts = Float64Array.from({ length: 200 }, (_, i) => 1_764_000_000_000 + i * 15_000);
    const series = Array.from({ length: 50 }, (_, s) => ({
      labels: { __name__: 'c', job: `j${s % 5}`, i: String(s) },
      timestamps: ts,
      values: ts.map((_, i) => i * (s + 1)),
    }));
    const q = new MemoryQuerier(series);
    const engine = createPromQLEngine();
    const start = ts[20]!;
    const end = ts[199]!;
    const first = await engine.rangeQuery(q, 'sum by (job) (rate(c[5m]))', start, end, 15_000);
    const snapshot = JSON.stringify(first);
    for (let k = 0; k < 5; k++) {
      await engine.rangeQuery(q, 'sum by (job) (rate(c[5m])) * 1000 + 7', start, end, 15_000);
      await engine.instantQuery(q, 'c * 3', end);
      await engine.rangeQuery(q, 'vector(42)', start, end, 15_000);
    }
    expect(JSON.stringify(first)).toBe(snapshot);
    if (first.resultType !== 'matrix') throw new Error('expected a matrix');
    expect(first.series).toHaveLength(5);
    // j0 holds series 0, 5, ..., 45: rates (s+1)/15 per second summed
    const j0 = first.series.find((s) => s.metric.some(([n, v]) => n === 'job' && v === 'j0'))!;
    const want = [0, 5, 10, 15, 20, 25, 30, 35, 40, 45].reduce((n, s) => n + (s + 1) / 15, 0);
    expect(j0.values[10]).toBeCloseTo(want, 9);
  });
});
