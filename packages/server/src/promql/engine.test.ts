import { describe, expect, it } from 'vitest';
import type { LabelMatcher, Labels, Querier, SelectHints, SeriesSamples } from '../store/metrics/querier.js';
import { createPromQLEngine } from './engine.js';
import { isPromQLError } from './errors.js';
import { isStaleNaN, writeStaleNaN } from './go-compat.js';
import { labelsKey } from './labels.js';
import { MemoryQuerier } from './memory-querier.js';

const MIN = 60_000;

/** Deterministic pseudo-random data: counters, gauges and histogram buckets, scraped every 15s. */
function fixture(): MemoryQuerier {
  let seed = 42;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const series = [];
  const times = Array.from({ length: 241 }, (_, i) => i * 15_000);
  for (let j = 0; j < 6; j++) {
    let c = 0;
    const counter = times.map((_, i) => (i === 120 && j === 2 ? (c = 1) : (c += Math.floor(rnd() * 10))));
    series.push({ labels: { __name__: 'reqs_total', job: `job${j % 2}`, instance: `i${j}` }, timestamps: times, values: counter });
    series.push({ labels: { __name__: 'temp', job: `job${j % 2}`, instance: `i${j}` }, timestamps: times.filter((_, i) => i % 3 !== 0), values: times.filter((_, i) => i % 3 !== 0).map(() => rnd() * 100 - 20) });
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    const le = times.map(() => {
      b1 += Math.floor(rnd() * 3);
      b2 += Math.floor(rnd() * 3);
      b3 += Math.floor(rnd() * 3);
      return [b1, b1 + b2, b1 + b2 + b3];
    });
    ['0.1', '1', '+Inf'].forEach((bound, k) => {
      series.push({ labels: { __name__: 'lat_bucket', job: `job${j % 2}`, instance: `i${j}`, le: bound }, timestamps: times, values: le.map((v) => v[k]!) });
    });
  }
  return new MemoryQuerier(series);
}

describe('range queries agree with instant queries at every step', () => {
  const queries = [
    'reqs_total',
    'rate(reqs_total[1m])',
    'sum by (job) (rate(reqs_total[5m]))',
    'increase(reqs_total[2m] offset 1m)',
    'irate(reqs_total[1m]) > 0.3',
    'topk(2, temp)',
    'bottomk by (job) (1, temp)',
    'quantile(0.9, temp)',
    'count_values("v", floor(temp / 50))',
    'avg_over_time(temp[3m]) - on(instance, job) min_over_time(temp[3m])',
    'temp / ignoring(instance) group_left sum without (instance) (temp)',
    'histogram_quantile(0.9, sum by (le, job) (rate(lat_bucket[5m])))',
    'max_over_time(rate(reqs_total[1m])[5m:30s])',
    'deriv(temp[10m])',
    'predict_linear(temp[10m], 600)',
    'temp and on(instance) (temp > 30)',
    'temp or on(job) vector(1)',
    'absent(nonexistent{job="x"})',
    'scalar(sum(temp)) * 2',
    'timestamp(temp)',
    'changes(temp[10m]) + resets(reqs_total[10m])',
    'label_replace(temp, "x", "$1", "instance", "i(.*)")',
    'temp @ 1800',
    'rate(reqs_total[5m] @ 3000)',
    'stddev by (job) (temp)',
    'holt_winters(temp[10m], 0.3, 0.6)',
    'time() - timestamp(reqs_total)',
  ];
  const engine = createPromQLEngine();
  const querier = fixture();
  for (const q of queries) {
    it(q, async () => {
      const start = 20 * MIN;
      const end = 60 * MIN;
      const step = 75_000;
      const range = await engine.rangeQuery(querier, q, start, end, step);
      if (range.resultType !== 'matrix') throw new Error('expected a matrix');
      const byTime = new Map<number, Map<string, number>>();
      for (const s of range.series) {
        s.timestamps.forEach((t, i) => {
          if (!byTime.has(t)) byTime.set(t, new Map());
          byTime.get(t)!.set(labelsKey(s.metric), s.values[i]!);
        });
      }
      let nonEmpty = 0;
      for (let t = start; t <= end; t += step) {
        const inst = await engine.instantQuery(querier, q, t);
        const got = new Map<string, number>();
        if (inst.resultType === 'vector') for (const s of inst.samples) got.set(labelsKey(s.metric), s.value);
        else if (inst.resultType === 'scalar') got.set(labelsKey([]), inst.value);
        const want = byTime.get(t) ?? new Map<string, number>();
        expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
        for (const [k, v] of got) expect(Object.is(v, want.get(k)) || Math.abs(v - want.get(k)!) <= 1e-9 * Math.abs(v)).toBe(true);
        if (got.size > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(0);
    });
  }
});

describe('selection', () => {
  it('selects each selector once per range query, with hints', async () => {
    const querier = fixture();
    const engine = createPromQLEngine();
    await engine.rangeQuery(querier, 'sum(rate(reqs_total[5m])) / sum(temp offset 1m)', 30 * MIN, 60 * MIN, 15_000);
    expect(querier.selects).toHaveLength(2);
    const rate = querier.selects.find((s) => s.hints?.func === 'rate')!;
    expect(rate.hints).toMatchObject({ func: 'rate', rangeMs: 5 * MIN, stepMs: 15_000 });
    expect(rate.startMs).toBe(25 * MIN);
    expect(rate.endMs).toBe(60 * MIN);
    const temp = querier.selects.find((s) => s.hints?.func === undefined)!;
    // Offset 1m and the 5m lookback delta.
    expect(temp.startMs).toBe(24 * MIN);
    expect(temp.endMs).toBe(59 * MIN);
  });

  it('returns a range vector for an instant query, with the window closed at both ends', async () => {
    const engine = createPromQLEngine();
    const res = await engine.instantQuery(fixture(), 'reqs_total{instance="i0"}[1m]', 30 * MIN);
    expect(res.resultType).toBe('matrix');
    if (res.resultType !== 'matrix') return;
    expect(Array.from(res.series[0]!.timestamps)).toEqual([29 * MIN, 29 * MIN + 15_000, 29 * MIN + 30_000, 29 * MIN + 45_000, 30 * MIN]);
  });

  it('ends a series at a stale marker (bit pattern 0x7ff0000000000002)', async () => {
    const values = new Float64Array([1, 2, 0]);
    writeStaleNaN(values, 2);
    expect(isStaleNaN(values[2]!)).toBe(true);
    expect(isStaleNaN(NaN)).toBe(false);
    const querier = new MemoryQuerier([{ labels: { __name__: 'm' }, timestamps: [0, 10_000, 20_000], values }]);
    const engine = createPromQLEngine();
    const before = await engine.instantQuery(querier, 'm', 15_000);
    expect(before.resultType === 'vector' && before.samples.length).toBe(1);
    const after = await engine.instantQuery(querier, 'm', 25_000);
    expect(after.resultType === 'vector' && after.samples.length).toBe(0);
    // NaN that is not the stale marker is a value.
    const plain = new MemoryQuerier([{ labels: { __name__: 'm' }, timestamps: [0], values: [NaN] }]);
    const res = await engine.instantQuery(plain, 'm', 1000);
    expect(res.resultType === 'vector' && Number.isNaN(res.samples[0]!.value)).toBe(true);
  });

  it('answers scalars and strings', async () => {
    const engine = createPromQLEngine();
    const q = new MemoryQuerier([]);
    expect(await engine.instantQuery(q, '1+1', 5000)).toEqual({ resultType: 'scalar', timestampMs: 5000, value: 2 });
    expect(await engine.instantQuery(q, '"hello"', 5000)).toEqual({ resultType: 'string', timestampMs: 5000, value: 'hello' });
    const range = await engine.rangeQuery(q, 'time()', 0, 120_000, 60_000);
    expect(range.resultType === 'matrix' && Array.from(range.series[0]!.values)).toEqual([0, 60, 120]);
  });

  it('uses the configured lookback delta', async () => {
    const q = new MemoryQuerier([{ labels: { __name__: 'm' }, timestamps: [0], values: [1] }]);
    const short = createPromQLEngine({ lookbackDeltaMs: 60_000 });
    const r1 = await short.instantQuery(q, 'm', 60_000);
    const r2 = await short.instantQuery(q, 'm', 60_001);
    expect(r1.resultType === 'vector' && r1.samples.length).toBe(1);
    expect(r2.resultType === 'vector' && r2.samples.length).toBe(0);
  });
});

class SlowQuerier implements Querier {
  constructor(private readonly inner: Querier, private readonly delayMs: number) {}
  async select(m: readonly LabelMatcher[], s: number, e: number, h?: SelectHints): Promise<SeriesSamples[]> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return this.inner.select(m, s, e, h);
  }
  series(...args: Parameters<Querier['series']>): Promise<Labels[]> {
    return this.inner.series(...args);
  }
  labelNames(...args: Parameters<Querier['labelNames']>): Promise<string[]> {
    return this.inner.labelNames(...args);
  }
  labelValues(...args: Parameters<Querier['labelValues']>): Promise<string[]> {
    return this.inner.labelValues(...args);
  }
}

describe('errors', () => {
  it('reports parse errors as bad_data with position', async () => {
    const engine = createPromQLEngine();
    const err = await engine.instantQuery(new MemoryQuerier([]), 'sum(rate(x[5m])\n  + ', 0).catch((e: unknown) => e);
    expect(isPromQLError(err)).toBe(true);
    if (!isPromQLError(err)) return;
    expect(err.code).toBe('PTR_ERR_QUERY');
    expect(err.promErrorType).toBe('bad_data');
    expect(err.message).toMatch(/^2:\d+: parse error: /);
    expect(err.details).toMatchObject({ promErrorType: 'bad_data' });
  });

  it('times out with PTR_ERR_QUERY_TIMEOUT / timeout', async () => {
    const engine = createPromQLEngine({ timeoutMs: 20 });
    const err = await engine.rangeQuery(new SlowQuerier(fixture(), 60), 'rate(reqs_total[1m]) + temp', 0, 60 * MIN, 15_000).catch((e: unknown) => e);
    expect(isPromQLError(err) && err.code).toBe('PTR_ERR_QUERY_TIMEOUT');
    expect(isPromQLError(err) && err.promErrorType).toBe('timeout');
    expect((err as Error).message).toBe('query timed out in expression evaluation');
  });

  it('hands the store a signal that aborts a long read at the time limit', async () => {
    const hanging: Querier = {
      select: (_m, _s, _e, hints) =>
        new Promise((_resolve, reject) => {
          hints?.signal?.addEventListener('abort', () => reject(new Error('store read aborted')));
        }),
      series: async () => [],
      labelNames: async () => [],
      labelValues: async () => [],
    };
    const err = await createPromQLEngine({ timeoutMs: 30 }).instantQuery(hanging, 'up', 0).catch((e: unknown) => e);
    expect(isPromQLError(err) && err.promErrorType).toBe('timeout');
  });

  it('is canceled by its signal', async () => {
    const engine = createPromQLEngine();
    const ac = new AbortController();
    ac.abort();
    const err = await engine.instantQuery(fixture(), 'temp', 0, ac.signal).catch((e: unknown) => e);
    expect(isPromQLError(err) && err.promErrorType).toBe('canceled');
  });

  it('enforces the sample limit with PTR_ERR_QUERY_LIMIT / execution', async () => {
    const engine = createPromQLEngine({ maxSamples: 100 });
    const err = await engine.rangeQuery(fixture(), 'sum(rate(reqs_total[5m]))', 0, 60 * MIN, 15_000).catch((e: unknown) => e);
    expect(isPromQLError(err) && err.code).toBe('PTR_ERR_QUERY_LIMIT');
    expect(isPromQLError(err) && err.promErrorType).toBe('execution');
    expect((err as Error).message).toBe('query processing would load too many samples into memory in query execution');
    const ok = await createPromQLEngine({ maxSamples: 10_000 }).instantQuery(fixture(), 'sum(rate(reqs_total[5m]))', 60 * MIN);
    expect(ok.resultType).toBe('vector');
  });

  it('reports runtime errors as execution errors', async () => {
    const engine = createPromQLEngine();
    const q = new MemoryQuerier([
      { labels: { __name__: 'a', x: '1' }, timestamps: [0], values: [1] },
      { labels: { __name__: 'a', x: '1', y: '2' }, timestamps: [0], values: [1] },
      { labels: { __name__: 'b', x: '1' }, timestamps: [0], values: [1] },
    ]);
    const err = await engine.instantQuery(q, 'b + on(x) a', 0).catch((e: unknown) => e);
    expect(isPromQLError(err) && err.promErrorType).toBe('execution');
    expect((err as Error).message).toBe(
      'found duplicate series for the match group {x="1"} on the right hand-side of the operation: [a{x="1", y="2"}, a{x="1"}];many-to-many matching not allowed: matching labels must be unique on one side',
    );
  });

  it('rejects bad range parameters', async () => {
    const engine = createPromQLEngine();
    await expect(engine.rangeQuery(new MemoryQuerier([]), '1', 0, 10, 0)).rejects.toMatchObject({ promErrorType: 'bad_data' });
    await expect(engine.rangeQuery(new MemoryQuerier([]), '1', 10, 0, 1)).rejects.toMatchObject({ promErrorType: 'bad_data' });
  });
});
