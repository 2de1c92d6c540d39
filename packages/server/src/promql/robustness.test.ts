import { describe, expect, it } from 'vitest';
import { createPromQLEngine } from './engine.js';
import { isPromQLError } from './errors.js';
import { MemoryQuerier } from './memory-querier.js';

const SEEDS = [
  'sum by (job) (rate(http_requests_total{job=~"a.*"}[5m] offset 1m))',
  'histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))',
  'a / on(x) group_left(y) b > bool 2',
  'topk(3, x) or bottomk(2, x unless y)',
  'max_over_time(rate(x[1m])[10m:30s] @ 100)',
  'label_replace(x, "dst", "$1", "src", "(.*)")',
  'count_values("v", x) + scalar(y) * -2 ^ 2',
  'absent_over_time(x{a="b"}[5m]) and vector(time())',
];
const ALPHABET = '(){}[]:,"=~!<>+-*/%^@ 0159.abcxyz_mhs';

describe('malformed and odd queries give PromQL errors, never crashes', () => {
  const querier = new MemoryQuerier([
    { labels: { __name__: 'x', a: 'b', job: 'j' }, timestamps: [0, 60_000, 120_000], values: [1, 2, 3] },
    { labels: { __name__: 'y', a: 'b' }, timestamps: [0, 60_000], values: [5, 6] },
    { labels: { __name__: 'lat_bucket', le: '+Inf' }, timestamps: [0, 60_000], values: [5, 6] },
  ]);
  const engine = createPromQLEngine();

  it('survives 3000 random mutations of valid queries', async () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let ok = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      let q = SEEDS[rnd(SEEDS.length)]!;
      for (let m = 0; m <= rnd(3); m++) {
        const at = rnd(q.length + 1);
        const op = rnd(3);
        if (op === 0) q = q.slice(0, at) + q.slice(at + 1);
        else if (op === 1) q = q.slice(0, at) + ALPHABET[rnd(ALPHABET.length)]! + q.slice(at);
        else q = q.slice(0, at) + ALPHABET[rnd(ALPHABET.length)]! + q.slice(at + 1);
      }
      try {
        await engine.instantQuery(querier, q, 120_000);
        await engine.rangeQuery(querier, q, 0, 120_000, 60_000).catch((err: unknown) => {
          if (!isPromQLError(err)) throw err;
        });
        ok++;
      } catch (err) {
        if (!isPromQLError(err)) throw new Error(`query ${JSON.stringify(q)} threw a non-PromQL error: ${(err as Error).stack}`);
        expect(['bad_data', 'execution']).toContain(err.promErrorType);
        rejected++;
      }
    }
    expect(ok).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
