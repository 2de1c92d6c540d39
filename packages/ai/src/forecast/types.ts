/** What every forecaster returns: mean and a central prediction interval per step ahead. */
export interface ForecastResult {
  mean: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Seasonal period used (0: none). */
  period: number;
  /** Standard deviation of the forecast error per step ahead. */
  sd: Float64Array;
}

/** Φ⁻¹((1+coverage)/2) by Acklam's rational approximation (error < 1.2e-9), for interval widths. */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export function withIntervals(mean: Float64Array, sd: Float64Array, coverage: number, period: number): ForecastResult {
  const zq = normalQuantile((1 + coverage) / 2);
  const lower = new Float64Array(mean.length);
  const upper = new Float64Array(mean.length);
  for (let h = 0; h < mean.length; h++) {
    lower[h] = mean[h]! - zq * sd[h]!;
    upper[h] = mean[h]! + zq * sd[h]!;
  }
  return { mean, lower, upper, period, sd };
}
