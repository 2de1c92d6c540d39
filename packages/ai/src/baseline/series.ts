/**
 * Turns a request's (timestamps, values) into an evenly spaced series: the step is the median
 * spacing, points are placed on that grid and gaps are filled with the last value seen, because
 * every algorithm here indexes by position (phase within a season, lag).
 */
import { median } from '../stats/robust.js';

export interface RegularSeries {
  startMs: number;
  stepMs: number;
  values: Float64Array;
  /** For each grid slot, the index of the input point placed there, or -1 where a gap was filled. */
  sourceIndex: Int32Array;
}

/** Largest grid a request may expand to, so that one point far in the future cannot allocate gigabytes. */
export const MAX_GRID_POINTS = 1_000_000;

export function regularize(timestamps: ArrayLike<number>, values: ArrayLike<number>): RegularSeries {
  const n = values.length;
  if (n === 0) return { startMs: 0, stepMs: 0, values: new Float64Array(0), sourceIndex: new Int32Array(0) };
  const diffs: number[] = [];
  for (let i = 1; i < n; i++) diffs.push(timestamps[i]! - timestamps[i - 1]!);
  const step = n > 1 ? median(diffs) : 0;
  if (!(step > 0)) {
    const src = new Int32Array(n);
    for (let i = 0; i < n; i++) src[i] = i;
    return { startMs: timestamps[0]!, stepMs: step > 0 ? step : 0, values: Float64Array.from(values), sourceIndex: src };
  }
  const start = timestamps[0]!;
  const len = Math.round((timestamps[n - 1]! - start) / step) + 1;
  if (len > MAX_GRID_POINTS || len > n * 4) {
    // Too sparse to put on a grid faithfully: keep the points in order as they are.
    const src = new Int32Array(n);
    for (let i = 0; i < n; i++) src[i] = i;
    return { startMs: start, stepMs: step, values: Float64Array.from(values), sourceIndex: src };
  }
  const out = new Float64Array(len).fill(NaN);
  const src = new Int32Array(len).fill(-1);
  for (let i = 0; i < n; i++) {
    const slot = Math.round((timestamps[i]! - start) / step);
    out[slot] = values[i]!;
    src[slot] = i;
  }
  let last = values[0]!;
  for (let i = 0; i < len; i++) {
    if (Number.isNaN(out[i]!)) out[i] = last;
    else last = out[i]!;
  }
  return { startMs: start, stepMs: step, values: out, sourceIndex: src };
}
