/**
 * Classical seasonal decomposition made robust: seasonal = per-phase median of the detrended
 * values (centred to sum to zero), trend = centred moving median of the deseasonalised values over
 * one period, residual = the rest, scaled by its MAD. Periods come from the data (`findPeriods`), never from configuration.
 */
import { findPeriods } from '../stats/acf.js';
import { median, robustScale } from '../stats/robust.js';

export interface Decomposition {
  period: number;
  trend: Float64Array;
  seasonal: Float64Array;
  residual: Float64Array;
  /** Robust sigma of the residual. */
  sigma: number;
}

/**
 * Centred moving average over 2·⌊w/2⌋+1 points. Near the ends, where a centred window does not
 * fit, the nearest full window's value is carried out: a truncated window would hold part of a
 * season and leak it into the trend.
 */
export function movingAverage(values: ArrayLike<number>, w: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + values[i]!;
  const half = Math.min(Math.floor(w / 2), Math.floor((n - 1) / 2));
  for (let i = 0; i < n; i++) {
    const c = Math.min(Math.max(i, half), n - 1 - half);
    out[i] = (prefix[c + half + 1]! - prefix[c - half]!) / (2 * half + 1);
  }
  return out;
}

/**
 * Centred moving median of width `w` (a sorted window updated by binary insertion: O(n·w)),
 * the trend estimate that one spike cannot bend.
 */
export function movingMedian(values: ArrayLike<number>, w: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const half = Math.floor(w / 2);
  const win: number[] = [];
  const insert = (v: number): void => {
    let lo = 0;
    let hi = win.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (win[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    win.splice(lo, 0, v);
  };
  const remove = (v: number): void => {
    let lo = 0;
    let hi = win.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (win[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    win.splice(lo, 1);
  };
  let from = 0;
  let to = 0; // window is [from, to)
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n, i + half + 1);
    if (i + half > n - 1 && i > half) {
      // Past the last full window: carry its value (see movingAverage).
      out[i] = out[i - 1]!;
      continue;
    }
    while (to < hi) insert(values[to++]!);
    while (from < lo) remove(values[from++]!);
    const m = win.length;
    out[i] = m % 2 === 1 ? win[(m - 1) / 2]! : (win[m / 2 - 1]! + win[m / 2]!) / 2;
  }
  // Before the first full window: carry its value.
  for (let i = 0; i < Math.min(half, n); i++) out[i] = out[Math.min(half, n - 1)]!;
  return out;
}

/** Per-phase median of `values` for a period, centred so that the profile sums to zero. */
export function seasonalProfile(values: ArrayLike<number>, period: number, offset = 0): Float64Array {
  const buckets: number[][] = Array.from({ length: period }, () => []);
  for (let i = 0; i < values.length; i++) buckets[(i + offset) % period]!.push(values[i]!);
  const profile = new Float64Array(period);
  let sum = 0;
  for (let p = 0; p < period; p++) {
    const m = buckets[p]!.length > 0 ? median(buckets[p]!) : 0;
    profile[p] = m;
    sum += m;
  }
  const mean = sum / period;
  for (let p = 0; p < period; p++) profile[p] = profile[p]! - mean;
  return profile;
}

export function decompose(values: ArrayLike<number>, period?: number): Decomposition {
  const n = values.length;
  const p = period ?? findPeriods(values)[0] ?? 0;
  const width = p > 1 ? p : Math.max(3, Math.min(n, 25));
  const seasonal = new Float64Array(n);
  const minus = (a: ArrayLike<number>, b: ArrayLike<number>): Float64Array => Float64Array.from({ length: n }, (_, i) => a[i]! - b[i]!);
  if (p > 1) {
    // Pass 1: a first seasonal profile against the classical moving-average trend.
    const profile = seasonalProfile(minus(values, movingAverage(values, p)), p);
    for (let i = 0; i < n; i++) seasonal[i] = profile[i % p]!;
  }
  // Pass 2: the trend is the moving median of the deseasonalised series, which one spike cannot
  // bend (a moving median of the raw, seasonal values would jump by a whole rank of the cycle).
  const trend = movingMedian(minus(values, seasonal), width);
  if (p > 1) {
    const profile = seasonalProfile(minus(values, trend), p);
    for (let i = 0; i < n; i++) seasonal[i] = profile[i % p]!;
  }
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = values[i]! - trend[i]! - seasonal[i]!;
  return { period: p, trend, seasonal, residual, sigma: robustScale(residual).sigma };
}
