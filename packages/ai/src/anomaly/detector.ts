/**
 * The streaming anomaly detector. Every point is judged only by the points before it (as a live
 * system sees data), against a baseline refitted every `refitEvery` points on a trailing window:
 * expected = recent level + seasonal profile (period found by autocorrelation), scale = robust
 * sigma of the residuals. Two tests feed one score: the point's robust z-score (spikes, dips)
 * and a two-sided CUSUM of the residuals (level shifts). Anomalous points are grouped into
 * episodes; an episode is one alert, so a long anomaly raises one alarm, not hundreds.
 */
import { findPeriods } from '../stats/acf.js';
import { median, robustScale } from '../stats/robust.js';
import { movingAverage, seasonalProfile } from '../baseline/decompose.js';
import { cusumStep, type CusumState } from './cusum.js';
import { combineEnsemble, ENSEMBLE_DEFAULTS, type EnsembleOptions } from './ensemble.js';

export type DetectorMethodName = 'ensemble' | 'seasonal_zscore' | 'zscore';

export interface DetectorOptions {
  method?: DetectorMethodName;
  /** Score at or above which a point is anomalous. */
  threshold?: number;
  /** Points before scoring starts. */
  minHistory?: number;
  /** Points of trailing history the baseline is fitted on. */
  maxHistory?: number;
  refitEvery?: number;
  /** |z| that by itself gives score 0.5. */
  pointZ?: number;
  /** CUSUM value that by itself gives score 0.5. */
  cusumLimit?: number;
  /**
   * The residual sigma is at least this fraction of the spread of the deseasonalised history: a
   * smooth series (small point-to-point noise) must still move by a fair part of its usual range.
   */
  spreadFloor?: number;
  /**
   * Score only the points from this index on (earlier ones get score 0); the baseline is still
   * fitted on everything before. A live check of the newest points costs one fit, not one per
   * `refitEvery` points of history.
   */
  scoreFrom?: number;
  /** The period search runs on every `periodSearchEvery`-th refit; refits in between reuse it. */
  periodSearchEvery?: number;
  /** Called between refits of long series; throws to abandon the work (deadline passed). */
  checkpoint?: () => void;
  /** Anomalous points closer than this (as a fraction of the period, or of 96 points) extend the episode. */
  cooldownFraction?: number;
  /** Settings of the `ensemble` method (see ensemble.ts). */
  ensemble?: Partial<Omit<EnsembleOptions, 'threshold'>>;
}

export const DETECTOR_DEFAULTS = {
  method: 'ensemble' as DetectorMethodName,
  threshold: 0.5,
  minHistory: 288,
  maxHistory: 2016,
  refitEvery: 32,
  pointZ: 8,
  cusumLimit: 30,
  cooldownFraction: 1,
  spreadFloor: 0.25,
  periodSearchEvery: 8,
};

export interface Episode {
  start: number;
  end: number;
  maxScore: number;
  kind: 'spike' | 'dip' | 'level_shift_up' | 'level_shift_down';
}

export interface DetectionResult {
  score: Float64Array;
  /** Standardised residual (x − expected)/sigma of each scored point (0 before scoring starts). */
  z: Float64Array;
  /** The larger CUSUM sum after each scored point, in sigmas. */
  cusum: Float64Array;
  expected: Float64Array;
  anomalous: Uint8Array;
  /** Index of the first point of each episode: when an alert fires. */
  onsets: number[];
  episodes: Episode[];
  periods: number[];
}

interface Fit {
  period: number;
  profile: Float64Array;
  /** Grid index that phase 0 of `profile` corresponds to. */
  origin: number;
  level: number;
  sigma: number;
  /** Largest |residual| / sigma seen in the history: a deviation no bigger than one already seen is not news. */
  zMaxSeen: number;
}

/** `knownPeriod` reuses the last search's answer (undefined: search again). */
function fitBaseline(history: Float64Array, origin: number, seasonal: boolean, spreadFloor: number, knownPeriod: number | undefined): Fit {
  const n = history.length;
  const period = knownPeriod ?? (seasonal ? (findPeriods(history, { minCycles: 2.5 })[0] ?? 0) : 0);
  let profile: Float64Array = new Float64Array(0);
  const deseason = new Float64Array(n);
  if (period > 1) {
    const trend = movingAverage(history, period);
    const detr = new Float64Array(n);
    for (let i = 0; i < n; i++) detr[i] = history[i]! - trend[i]!;
    profile = seasonalProfile(detr, period);
    for (let i = 0; i < n; i++) deseason[i] = history[i]! - profile[i % period]!;
  } else {
    deseason.set(history);
  }
  // The level follows the last period (or last 96 points) so that a past level shift becomes the new normal.
  const levelWindow = Math.min(n, period > 1 ? period : 96);
  const level = median(deseason.subarray(n - levelWindow));
  const local = movingAverage(deseason, Math.min(n, period > 1 ? Math.max(5, Math.floor(period / 4)) : 25));
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = deseason[i]! - local[i]!;
  let sigma = robustScale(resid).sigma;
  const spread = robustScale(deseason).sigma;
  sigma = Math.max(sigma, spreadFloor * spread, 1e-9 * Math.max(1, Math.abs(level)));
  let zMaxSeen = 0;
  for (let i = 0; i < n; i++) zMaxSeen = Math.max(zMaxSeen, Math.abs(resid[i]!) / sigma);
  return { period, profile, origin, level, sigma, zMaxSeen };
}

export function detectAnomalies(values: ArrayLike<number>, options: DetectorOptions = {}): DetectionResult {
  if ((options.method ?? DETECTOR_DEFAULTS.method) === 'ensemble') {
    const base = detectAnomalies(values, { ...options, method: 'seasonal_zscore', threshold: undefined });
    const first = Math.max(options.minHistory ?? DETECTOR_DEFAULTS.minHistory, options.scoreFrom ?? 0);
    // The likelihood needs the per-point scores of the whole history; the live `scoreFrom` path
    // scores only the newest points, so it runs without it (the other three tests still run).
    const likelihood = (options.ensemble?.likelihood ?? ENSEMBLE_DEFAULTS.likelihood) && options.scoreFrom === undefined;
    return combineEnsemble(values, base, first, options.scoreFrom ?? 0, { ...options.ensemble, likelihood, threshold: options.threshold ?? DETECTOR_DEFAULTS.threshold });
  }
  const o = { ...DETECTOR_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  const n = values.length;
  const x = Float64Array.from(values);
  const score = new Float64Array(n);
  const zs = new Float64Array(n);
  const cusums = new Float64Array(n);
  const expected = new Float64Array(n).fill(NaN);
  const anomalous = new Uint8Array(n);
  const onsets: number[] = [];
  const episodes: Episode[] = [];
  const periods = new Set<number>();
  const seasonal = o.method === 'seasonal_zscore';
  let fit: Fit | undefined;
  const cusum: CusumState = { up: 0, down: 0 };
  let episode: (Episode & { lastAnomalous: number }) | undefined;
  const first = Math.max(o.minHistory, options.scoreFrom ?? 0);
  let refits = 0;
  for (let i = first; i < n; i++) {
    if (fit === undefined || (i - first) % o.refitEvery === 0) {
      options.checkpoint?.();
      const from = Math.max(0, i - o.maxHistory);
      const reuse = fit !== undefined && refits % o.periodSearchEvery !== 0 ? fit.period : undefined;
      fit = fitBaseline(x.subarray(from, i), from, seasonal, o.spreadFloor, reuse);
      refits++;
      if (fit.period > 1) periods.add(fit.period);
    }
    const seasonalPart = fit.period > 1 ? fit.profile[(i - fit.origin) % fit.period]! : 0;
    const e = fit.level + seasonalPart;
    expected[i] = e;
    const z = (x[i]! - e) / fit.sigma;
    cusumStep(cusum, z, 1, 4);
    zs[i] = z;
    cusums[i] = Math.max(cusum.up, cusum.down);
    const pointScale = Math.max(o.pointZ, fit.zMaxSeen);
    const u = Math.max(Math.abs(z) / pointScale, Math.max(cusum.up, cusum.down) / o.cusumLimit);
    const s = u / (1 + u);
    score[i] = s;
    if (s >= o.threshold) {
      anomalous[i] = 1;
      const pointDriven = Math.abs(z) / pointScale >= Math.max(cusum.up, cusum.down) / o.cusumLimit;
      const kind: Episode['kind'] = pointDriven ? (z >= 0 ? 'spike' : 'dip') : cusum.up >= cusum.down ? 'level_shift_up' : 'level_shift_down';
      // Anomalous points within a cooldown of the last one belong to the same episode.
      const cooldown = Math.max(12, Math.floor((fit.period > 1 ? fit.period : 96) * o.cooldownFraction));
      if (episode !== undefined && i - episode.lastAnomalous <= cooldown) {
        episode.end = i;
        episode.lastAnomalous = i;
        episode.maxScore = Math.max(episode.maxScore, s);
      } else {
        if (episode !== undefined) episodes.push(strip(episode));
        episode = { start: i, end: i, maxScore: s, kind, lastAnomalous: i };
        onsets.push(i);
      }
    }
  }
  if (episode !== undefined) episodes.push(strip(episode));
  return { score, z: zs, cusum: cusums, expected, anomalous, onsets, episodes, periods: [...periods].sort((a, b) => a - b) };
}

function strip(e: Episode & { lastAnomalous: number }): Episode {
  return { start: e.start, end: e.end, maxScore: e.maxScore, kind: e.kind };
}
