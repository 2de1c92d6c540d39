/**
 * Aggregations over more (group x step) cells than one block (aggregate.ts BLOCK_CELLS): the
 * blocked, series-by-series accumulation must give what a plain step-by-step loop gives, in every
 * block, with gaps, NaN and infinities in the input. The PromQL test files use small data that
 * fits one block.
 */
import { describe, expect, it } from 'vitest';
import { createPromQLEngine } from './engine.js';
import { MemoryQuerier } from './memory-querier.js';

const BASE = 1_764_000_000_000;
const STEP = 15_000;
const POINTS = 241;

function dataset(): { labels: Record<string, string>; timestamps: Float64Array; values: Float64Array }[] {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ts = Float64Array.from({ length: POINTS }, (_, i) => BASE + i * STEP);
  return Array.from({ length: 1500 }, (_, s) => {
    const v = Float64Array.from({ length: POINTS }, () => {
      const r = rnd();
      return r < 0.002 ? NaN : r > 0.999 ? Infinity : Math.round(rnd() * 1000) / 10;
    });
    const from = s % 5 === 0 ? 100 : 0; // a gap at the start of some series
    return { labels: { __name__: 'm', g: `g${s % 700}`, s: String(s) }, timestamps: ts.subarray(from), values: v.subarray(from) };
  });
}

/** The reference: Prometheus' formulas, one step at a time, series in input (label) order. */
function reference(data: ReturnType<typeof dataset>, op: string, groupOf: (labels: Record<string, string>) => string): Map<string, (number | undefined)[]> {
  const out = new Map<string, (number | undefined)[]>();
  for (let i = 0; i < POINTS; i++) {
    const acc = new Map<string, { v: number; mean: number; n: number }>();
    for (const d of data) {
      const k = i - (POINTS - d.timestamps.length);
      if (k < 0) continue;
      const x = d.values[k]!;
      const key = groupOf(d.labels);
      const a = acc.get(key);
      if (!a) {
        acc.set(key, { v: x, mean: x, n: 1 });
        continue;
      }
      a.n++;
      if (op === 'sum') a.v += x;
      if (op === 'max' && (a.v < x || Number.isNaN(a.v))) a.v = x;
      if (op === 'min' && (a.v > x || Number.isNaN(a.v))) a.v = x;
      if (op === 'avg') {
        if ((a.mean === Infinity || a.mean === -Infinity) && ((x === Infinity || x === -Infinity) ? a.mean > 0 === x > 0 : !Number.isNaN(x))) continue;
        a.mean = a.mean + x / a.n - a.mean / a.n;
      }
    }
    for (const [key, a] of acc) {
      if (!out.has(key)) out.set(key, new Array(POINTS).fill(undefined));
      out.get(key)![i] = op === 'count' ? a.n : op === 'avg' ? a.mean : a.v;
    }
  }
  return out;
}

describe('aggregation over more than one block of cells', () => {
  const data = dataset();
  const querier = new MemoryQuerier(data);
  const engine = createPromQLEngine();

  for (const op of ['sum', 'avg', 'max', 'min', 'count']) {
    it(`${op} by (g) over 700 groups x 241 steps equals the step-by-step loop`, async () => {
      const r = await engine.rangeQuery(querier, `${op} by (g) (m)`, BASE, BASE + (POINTS - 1) * STEP, STEP);
      if (r.resultType !== 'matrix') throw new Error('expected a matrix');
      // MemoryQuerier returns series in label order (g, then s as text): the reference sums in that order
      const ordered = [...data].sort((a, b) => {
        const ka = `${a.labels['g']}\x00${a.labels['s']}`;
        const kb = `${b.labels['g']}\x00${b.labels['s']}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      const want = reference(ordered, op, (l) => l['g']!);
      expect(r.series).toHaveLength(want.size);
      for (const s of r.series) {
        const key = s.metric.find(([n]) => n === 'g')![1];
        const w = want.get(key)!;
        const got: (number | undefined)[] = new Array(POINTS).fill(undefined);
        s.timestamps.forEach((t, k) => (got[(t - BASE) / STEP] = s.values[k]));
        expect(got).toEqual(w);
      }
    });
  }
});
