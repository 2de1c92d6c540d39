/**
 * An in-memory Querier over fixed series: the engine's test fixture and a reference for the
 * metric stores' contract tests (same answers for select/series/labelNames/labelValues).
 */
import type { LabelMatcher, Labels, Querier, SelectHints, SeriesSamples } from '../store/metrics/querier.js';
import { compileMatchers } from './matchers.js';
import { compareLabels, makeLabels } from './labels.js';

export interface MemorySeriesInput {
  labels: Labels | Record<string, string>;
  /** Ascending timestamps (ms). */
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
}

export class MemoryQuerier implements Querier {
  private readonly data: SeriesSamples[];
  /** Every select call, for tests that check hints and ranges. */
  readonly selects: { matchers: readonly LabelMatcher[]; startMs: number; endMs: number; hints: SelectHints | undefined }[] = [];

  constructor(series: readonly MemorySeriesInput[]) {
    this.data = series.map((s) => ({
      labels: Array.isArray(s.labels) ? makeLabels(s.labels as Labels) : makeLabels(Object.entries(s.labels)),
      timestamps: Float64Array.from(s.timestamps),
      // Copy bit-for-bit so stale markers (a NaN payload) survive.
      values: s.values instanceof Float64Array ? s.values.slice() : Float64Array.from(s.values),
    }));
    this.data.sort((a, b) => compareLabels(a.labels, b.labels));
  }

  async select(matchers: readonly LabelMatcher[], startMs: number, endMs: number, hints?: SelectHints): Promise<SeriesSamples[]> {
    this.selects.push({ matchers, startMs, endMs, hints });
    const match = compileMatchers(matchers);
    const out: SeriesSamples[] = [];
    for (const s of this.data) {
      if (!match(s.labels)) continue;
      const lo = lowerBound(s.timestamps, startMs);
      const hi = upperBound(s.timestamps, endMs);
      if (hi <= lo) continue;
      out.push({ labels: s.labels, timestamps: s.timestamps.subarray(lo, hi), values: s.values.subarray(lo, hi) });
    }
    return out;
  }

  async series(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<Labels[]> {
    const out = this.matching(selectors, startMs, endMs).map((s) => s.labels);
    return limit === undefined ? out : out.slice(0, limit);
  }

  async labelNames(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    const names = new Set<string>();
    for (const s of this.matching(selectors, startMs, endMs)) for (const [n] of s.labels) names.add(n);
    const out = [...names].sort();
    return limit === undefined ? out : out.slice(0, limit);
  }

  async labelValues(name: string, selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    const values = new Set<string>();
    for (const s of this.matching(selectors, startMs, endMs)) for (const [n, v] of s.labels) if (n === name) values.add(v);
    const out = [...values].sort();
    return limit === undefined ? out : out.slice(0, limit);
  }

  private matching(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number): SeriesSamples[] {
    const fns = selectors.map(compileMatchers);
    return this.data.filter((s) => {
      if (fns.length > 0 && !fns.some((f) => f(s.labels))) return false;
      const lo = lowerBound(s.timestamps, startMs);
      return lo < s.timestamps.length && s.timestamps[lo]! <= endMs;
    });
  }
}

/** First index with t[i] > x. */
function upperBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with t[i] >= x. */
function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
