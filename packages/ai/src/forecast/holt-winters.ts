/**
 * Additive Holt–Winters with a damped trend (Hyndman & Athanasopoulos, FPP3 §8.3/8.4), the ETS(A,Ad,A)
 * point forecasts. Smoothing parameters are chosen by a grid search on the one-step-ahead squared
 * error; without a seasonal period (or fewer than two cycles of data) it is damped Holt.
 * Interval variance follows the ETS(A,Ad,A) formula for h steps ahead.
 */
import { withIntervals, type ForecastResult } from './types.js';

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface State {
  level: number;
  trend: number;
  season: Float64Array;
  sse: number;
  count: number;
}

const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75];
const BETAS = [0, 0.01, 0.05, 0.15];
const GAMMAS = [0.01, 0.05, 0.15, 0.3];
const PHI = 0.98;

function run(y: ArrayLike<number>, m: number, p: HoltWintersParams): State {
  const n = y.length;
  const seasonal = m > 1 && n >= 2 * m;
  const season = new Float64Array(seasonal ? m : 0);
  let level: number;
  let trend: number;
  let start: number;
  if (seasonal) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < m; i++) {
      s1 += y[i]!;
      s2 += y[i + m]!;
    }
    level = s1 / m;
    trend = (s2 - s1) / (m * m);
    for (let i = 0; i < m; i++) season[i] = y[i]! - level;
    start = m;
  } else {
    // Slope between the means of the first two blocks of k points: y[1] − y[0] alone is mostly noise.
    const k = Math.max(1, Math.min(10, Math.floor(n / 4)));
    let a = 0;
    let b = 0;
    for (let i = 0; i < k; i++) {
      a += y[i]!;
      b += y[i + k]!;
    }
    level = a / k;
    trend = (b - a) / (k * k);
    start = 1;
  }
  let sse = 0;
  let count = 0;
  for (let t = start; t < n; t++) {
    const s = seasonal ? season[t % m]! : 0;
    const forecast = level + p.phi * trend + s;
    const err = y[t]! - forecast;
    sse += err * err;
    count++;
    const prevLevel = level;
    level = prevLevel + p.phi * trend + p.alpha * err;
    trend = p.phi * trend + p.beta * p.alpha * err;
    if (seasonal) season[t % m] = s + p.gamma * (1 - p.alpha) * err;
  }
  return { level, trend, season, sse, count };
}

export function fitHoltWinters(y: ArrayLike<number>, m: number, phi = PHI): { params: HoltWintersParams; state: State; period: number } {
  const period = m > 1 && y.length >= 2 * m ? m : 0;
  let best: { params: HoltWintersParams; state: State } | undefined;
  for (const alpha of ALPHAS)
    for (const beta of BETAS)
      for (const gamma of period > 0 ? GAMMAS : [0]) {
        const params = { alpha, beta, gamma, phi };
        const state = run(y, period, params);
        if (best === undefined || state.sse < best.state.sse) best = { params, state };
      }
  return { ...best!, period };
}

/**
 * `phi` is the trend damping: 0.98 (the default) for forecasts, where an extrapolated trend should
 * flatten out; 1 (linear trend) for exhaustion, where the question is where the trend leads.
 */
export function forecastHoltWinters(y: ArrayLike<number>, m: number, horizon: number, coverage = 0.95, phi = PHI): ForecastResult {
  const n = y.length;
  if (n < 3) throw new RangeError('Holt–Winters needs at least 3 points');
  const { params, state, period } = fitHoltWinters(y, m, phi);
  const sigma2 = state.count > 0 ? state.sse / state.count : 0;
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  let damp = 0;
  let varSum = 0;
  for (let h = 1; h <= horizon; h++) {
    damp += Math.pow(params.phi, h);
    const s = period > 0 ? state.season[(n + h - 1) % period]! : 0;
    mean[h - 1] = state.level + damp * state.trend + s;
    // Var(h) = σ²[1 + Σ_{j=1}^{h-1} c_j²], c_j = α(1 + βφ_j) + γ(1−α)·[j mod m = 0], φ_j = φ + … + φ^j.
    sd[h - 1] = Math.sqrt(sigma2 * (1 + varSum));
    const cj = params.alpha * (1 + params.beta * damp) + (period > 0 && h % period === 0 ? params.gamma * (1 - params.alpha) : 0);
    varSum += cj * cj;
  }
  return withIntervals(mean, sd, coverage, period);
}
