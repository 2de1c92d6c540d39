/**
 * Functions over a range vector's window, ported from Prometheus 2.x promql/functions.go. Each
 * reads the window [lo, hi) of one series' typed arrays and puts the value in `ctx.value`,
 * returning false where Prometheus drops the element (too few samples, for example). Why not
 * return the number: a double returned from a call V8 does not inline is boxed, one allocation
 * per step and series (240k for a rate over 1k series at 241 steps); a double field is not.
 */
import { executionError } from './errors.js';
import { quantile } from './quantile.js';

export interface WindowContext {
  /** Evaluation time of the step (ms). */
  ts: number;
  /** Window bounds (ms): [rangeStart, rangeEnd]. */
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
  /** Scalar arguments at this step, by argument position. */
  args: number[];
  /** The function's result, when it returns true. */
  value: number;
}

export type WindowFunction = (t: Float64Array, v: Float64Array, lo: number, hi: number, ctx: WindowContext) => boolean;

/** Prometheus' extrapolatedRate: rate, increase and delta. */
function extrapolatedRate(isCounter: boolean, isRate: boolean): WindowFunction {
  return (t, v, lo, hi, ctx) => {
    const count = hi - lo;
    if (count < 2) return false;
    const first = v[lo]!;
    const last = v[hi - 1]!;
    let result = last - first;
    if (isCounter) {
      let prev = first;
      for (let i = lo + 1; i < hi; i++) {
        const cur = v[i]!;
        if (cur < prev) result += prev;
        prev = cur;
      }
    }
    const firstT = t[lo]!;
    const lastT = t[hi - 1]!;
    let durationToStart = (firstT - ctx.rangeStart) / 1000;
    const durationToEnd = (ctx.rangeEnd - lastT) / 1000;
    const sampledInterval = (lastT - firstT) / 1000;
    const averageDurationBetweenSamples = sampledInterval / (count - 1);
    if (isCounter && result > 0 && first >= 0) {
      const durationToZero = sampledInterval * (first / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    const threshold = averageDurationBetweenSamples * 1.1;
    let extrapolateToInterval = sampledInterval;
    extrapolateToInterval += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
    extrapolateToInterval += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
    let factor = extrapolateToInterval / sampledInterval;
    if (isRate) factor /= ctx.rangeMs / 1000;
    ctx.value = result * factor;
    return true;
  };
}

/** Prometheus' instantValue: irate and idelta. */
function instantValue(isRate: boolean): WindowFunction {
  return (t, v, lo, hi, ctx) => {
    if (hi - lo < 2) return false;
    const last = v[hi - 1]!;
    const prev = v[hi - 2]!;
    const result = isRate && last < prev ? last : last - prev;
    const sampledInterval = t[hi - 1]! - t[hi - 2]!;
    if (sampledInterval === 0) return false;
    ctx.value = isRate ? result / (sampledInterval / 1000) : result;
    return true;
  };
}

function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/** Least-squares fit of the window with x relative to interceptTime (seconds). */
function linearRegression(t: Float64Array, v: Float64Array, lo: number, hi: number, interceptTime: number): [number, number] {
  let n = 0;
  let sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = v[lo]!;
  let constY = true;
  for (let i = lo; i < hi; i++) {
    const y = v[i]!;
    if (constY && i > lo && y !== initY) constY = false;
    n += 1;
    const x = (t[i]! - interceptTime) / 1e3;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(y, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  const intercept = sumY / n - (slope * sumX) / n;
  return [slope, intercept];
}

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

function holtWinters(t: Float64Array, v: Float64Array, lo: number, hi: number, ctx: WindowContext): boolean {
  const sf = ctx.args[1]!;
  const tf = ctx.args[2]!;
  if (!(sf > 0 && sf < 1)) throw executionError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
  if (!(tf > 0 && tf < 1)) throw executionError(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
  const l = hi - lo;
  if (l < 2) return false;
  let s0 = 0;
  let s1 = v[lo]!;
  let b = v[lo + 1]! - v[lo]!;
  for (let i = 1; i < l; i++) {
    const x = sf * v[lo + i]!;
    if (i - 1 !== 0) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  ctx.value = s1;
  return true;
}

function stdvar(v: Float64Array, lo: number, hi: number): number {
  let count = 0;
  let mean = 0;
  let aux = 0;
  for (let i = lo; i < hi; i++) {
    const x = v[i]!;
    count++;
    const delta = x - mean;
    mean += delta / count;
    aux += delta * (x - mean);
  }
  return aux / count;
}

/** Sets the step's result; true (the element is kept). */
function result(ctx: WindowContext, value: number): true {
  ctx.value = value;
  return true;
}

export const WINDOW_FUNCTIONS: ReadonlyMap<string, WindowFunction> = new Map<string, WindowFunction>([
  ['rate', extrapolatedRate(true, true)],
  ['increase', extrapolatedRate(true, false)],
  ['delta', extrapolatedRate(false, false)],
  ['irate', instantValue(true)],
  ['idelta', instantValue(false)],
  ['avg_over_time', (_t, v, lo, hi, ctx) => {
    let mean = 0;
    let count = 0;
    for (let i = lo; i < hi; i++) {
      const x = v[i]!;
      count++;
      if (isInf(mean)) {
        if (isInf(x) && mean > 0 === x > 0) continue;
        if (!isInf(x) && !Number.isNaN(x)) continue;
      }
      mean += x / count - mean / count;
    }
    return result(ctx, mean);
  }],
  ['sum_over_time', (_t, v, lo, hi, ctx) => {
    let sum = 0;
    for (let i = lo; i < hi; i++) sum += v[i]!;
    return result(ctx, sum);
  }],
  ['count_over_time', (_t, _v, lo, hi, ctx) => result(ctx, hi - lo)],
  ['min_over_time', (_t, v, lo, hi, ctx) => {
    let min = v[lo]!;
    for (let i = lo; i < hi; i++) if (v[i]! < min || Number.isNaN(min)) min = v[i]!;
    return result(ctx, min);
  }],
  ['max_over_time', (_t, v, lo, hi, ctx) => {
    let max = v[lo]!;
    for (let i = lo; i < hi; i++) if (v[i]! > max || Number.isNaN(max)) max = v[i]!;
    return result(ctx, max);
  }],
  ['last_over_time', (_t, v, _lo, hi, ctx) => result(ctx, v[hi - 1]!)],
  ['present_over_time', (_t, _v, _lo, _hi, ctx) => result(ctx, 1)],
  ['quantile_over_time', (_t, v, lo, hi, ctx) => result(ctx, quantile(ctx.args[0]!, Array.from(v.subarray(lo, hi))))],
  ['stddev_over_time', (_t, v, lo, hi, ctx) => result(ctx, Math.sqrt(stdvar(v, lo, hi)))],
  ['stdvar_over_time', (_t, v, lo, hi, ctx) => result(ctx, stdvar(v, lo, hi))],
  ['changes', (_t, v, lo, hi, ctx) => {
    let changes = 0;
    let prev = v[lo]!;
    for (let i = lo + 1; i < hi; i++) {
      const cur = v[i]!;
      if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
      prev = cur;
    }
    return result(ctx, changes);
  }],
  ['resets', (_t, v, lo, hi, ctx) => {
    let resets = 0;
    let prev = v[lo]!;
    for (let i = lo + 1; i < hi; i++) {
      const cur = v[i]!;
      if (cur < prev) resets++;
      prev = cur;
    }
    return result(ctx, resets);
  }],
  ['deriv', (t, v, lo, hi, ctx) => hi - lo >= 2 && result(ctx, linearRegression(t, v, lo, hi, t[lo]!)[0])],
  ['predict_linear', (t, v, lo, hi, ctx) => {
    if (hi - lo < 2) return false;
    const [slope, intercept] = linearRegression(t, v, lo, hi, ctx.ts);
    return result(ctx, slope * ctx.args[1]! + intercept);
  }],
  ['holt_winters', holtWinters],
]);
