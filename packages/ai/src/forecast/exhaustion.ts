/**
 * Predicts when a series crosses a limit (disk full, error budget spent): a Holt–Winters forecast
 * with a linear (undamped) trend
 * with its intervals; the crossing of the mean is the most likely time, the crossings of the
 * interval bounds the earliest and latest, and the confidence is the largest probability, over
 * the horizon, that the value is past the limit (normal forecast errors).
 */
import { forecastHoltWinters } from './holt-winters.js';
import { normalCdf } from './types.js';

export interface ExhaustionResult {
  willExhaust: boolean;
  /** Steps ahead (1-based) of each crossing, or undefined when none within the horizon. */
  atStep: number | undefined;
  earliestStep: number | undefined;
  latestStep: number | undefined;
  confidence: number;
  trendPerStep: number;
}

export function predictExhaustion(y: ArrayLike<number>, period: number, limit: number, falling: boolean, horizon: number): ExhaustionResult {
  // Undamped trend: the question is where the current trend leads.
  const f = forecastHoltWinters(y, period, horizon, 0.9, 1);
  const past = (v: number): boolean => (falling ? v <= limit : v >= limit);
  let atStep: number | undefined;
  let earliestStep: number | undefined;
  let latestStep: number | undefined;
  let confidence = 0;
  for (let h = 0; h < horizon; h++) {
    const m = f.mean[h]!;
    if (atStep === undefined && past(m)) atStep = h + 1;
    if (earliestStep === undefined && past(falling ? f.lower[h]! : f.upper[h]!)) earliestStep = h + 1;
    if (latestStep === undefined && past(falling ? f.upper[h]! : f.lower[h]!)) latestStep = h + 1;
    const sd = f.sd[h]!;
    const p = sd > 0 ? normalCdf(((falling ? limit - m : m - limit) / sd)) : past(m) ? 1 : 0;
    confidence = Math.max(confidence, p);
  }
  const n = y.length;
  const trendPerStep = horizon > 1 ? (f.mean[horizon - 1]! - f.mean[0]!) / (horizon - 1) : n > 1 ? y[n - 1]! - y[n - 2]! : 0;
  return { willExhaust: atStep !== undefined, atStep, earliestStep, latestStep, confidence, trendPerStep };
}
