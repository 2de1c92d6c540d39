/**
 * The seasonal-naive forecast: each future point repeats the value one period earlier (the last
 * value when there is no period). The reference that MASE is measured against.
 */
import { withIntervals, type ForecastResult } from './types.js';

export function forecastSeasonalNaive(y: ArrayLike<number>, m: number, horizon: number, coverage = 0.95): ForecastResult {
  const n = y.length;
  const period = m > 1 && n >= m ? m : 1;
  const mean = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    const k = Math.ceil(h / period);
    mean[h - 1] = y[n - 1 + h - k * period]!;
  }
  // In-sample seasonal-naive errors give σ; k whole periods back multiplies the variance by k.
  let sse = 0;
  let count = 0;
  for (let t = period; t < n; t++) {
    const e = y[t]! - y[t - period]!;
    sse += e * e;
    count++;
  }
  const sigma = count > 0 ? Math.sqrt(sse / count) : 0;
  const sd = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) sd[h - 1] = sigma * Math.sqrt(Math.ceil(h / period));
  return withIntervals(mean, sd, coverage, period > 1 ? period : 0);
}
