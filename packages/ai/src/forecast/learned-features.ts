/**
 * Features of the learned forecaster, identical to `features()` in
 * packages/ai/training/train_forecaster.py (FEATURE_VERSION 1): for the value h steps after the
 * last point t, with period P, everything scaled by the mean μ and mean absolute deviation s of
 * the last period:
 * 0-2 the same phase 1, 2 and 3 periods earlier; 3 the last value; 4 the mean of the last 4;
 * 5-6 the same two one period earlier; 7 the mean of the period before the last; 8 h/P.
 */
export const FEATURE_VERSION = 1;
export const N_FEATURES = 9;

export interface FeatureBatch {
  features: Float32Array;
  mu: number;
  scale: number;
}

function mean(y: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += y[i]!;
  return s / (to - from + 1);
}

/** Minimum points the learned model needs for period P. */
export function learnedMinPoints(period: number): number {
  return 3 * period + 4;
}

export function learnedFeatures(y: ArrayLike<number>, period: number, horizon: number): FeatureBatch {
  const P = period;
  const t = y.length - 1;
  const mu = mean(y, t - P + 1, t);
  let dev = 0;
  for (let i = t - P + 1; i <= t; i++) dev += Math.abs(y[i]! - mu);
  let scale = dev / P;
  if (!(scale > 1e-9 * Math.max(1, Math.abs(mu)))) scale = Math.max(1, Math.abs(mu)) * 1e-3;
  const n = (v: number): number => Math.max(-50, Math.min(50, (v - mu) / scale));
  const out = new Float32Array(horizon * N_FEATURES);
  const shared = [n(y[t]!), n(mean(y, t - 3, t)), n(y[t - P]!), n(mean(y, t - P - 3, t - P)), n(mean(y, t - 2 * P + 1, t - P))];
  for (let h = 1; h <= horizon; h++) {
    // Beyond one period ahead, the same-phase lags come from the last period again.
    const hh = ((h - 1) % P) + 1;
    const o = (h - 1) * N_FEATURES;
    out[o] = n(y[t + hh - P]!);
    out[o + 1] = n(y[t + hh - 2 * P]!);
    out[o + 2] = n(y[t + hh - 3 * P]!);
    out[o + 3] = shared[0]!;
    out[o + 4] = shared[1]!;
    out[o + 5] = shared[2]!;
    out[o + 6] = shared[3]!;
    out[o + 7] = shared[4]!;
    out[o + 8] = hh / P;
  }
  return { features: out, mu, scale };
}
