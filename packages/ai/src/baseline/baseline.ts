/**
 * The expected value and band per point: trend + seasonal from the robust decomposition, band =
 * ± k robust sigmas of the residual. Serves the `Baseline` RPC and dashboards' "normal range".
 */
import { findPeriods } from '../stats/acf.js';
import { decompose } from './decompose.js';

export interface BaselineResult {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  periods: number[];
  sigma: number;
}

export function computeBaseline(values: ArrayLike<number>, bandSigmas = 3): BaselineResult {
  const periods = findPeriods(values);
  const d = decompose(values, periods[0] ?? 0);
  const n = values.length;
  const expected = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const half = bandSigmas * d.sigma;
  for (let i = 0; i < n; i++) {
    const e = d.trend[i]! + d.seasonal[i]!;
    expected[i] = e;
    lower[i] = e - half;
    upper[i] = e + half;
  }
  return { expected, lower, upper, periods, sigma: d.sigma };
}
