/**
 * How anomalous one series is during an incident: the largest robust z-score of its incident
 * points against its own history. The scale is the larger of the MAD-based sigma and the spread of
 * the history's 0.5–99.5 % quantiles (÷ 2·2.576), so that series with heavy tails (p99 latency)
 * need a deviation beyond what they already did to count.
 */
import { quantile, robustScale } from '../stats/robust.js';

export interface SeriesScore {
  score: number;
  /** The largest change of the incident points from the history's median, in the series' own units. */
  delta: number;
  direction: 'up' | 'down';
  /** Index (into the input) of the first incident point at or above `minScore`, or of the worst point. */
  onsetIndex: number;
}

/**
 * Scores on log(1 + x) when every value is ≥ 0 (latencies, counts): their changes are multiplicative,
 * and a rarely used component's one slow call should not dwarf a busy service slowing down.
 */
export function scoreIncident(raw: ArrayLike<number>, firstIncident: number, minScore: number): SeriesScore | undefined {
  let nonNegative = true;
  for (let i = 0; i < raw.length; i++) if (raw[i]! < 0) nonNegative = false;
  const values = nonNegative ? Array.from(raw, (v) => Math.log1p(v)) : Array.from(raw);
  const history: number[] = [];
  for (let i = 0; i < firstIncident; i++) if (Number.isFinite(values[i])) history.push(values[i]!);
  // Too little history (a component that rarely reports) gives no trustworthy scale.
  if (history.length < 8 || history.length < firstIncident / 2) return undefined;
  const { median, sigma: mad } = robustScale(history);
  const tails = (quantile(history, 0.995) - quantile(history, 0.005)) / (2 * 2.576);
  // A floor of 0.1 % of the level: a series that never moved (availability 100 %) still needs a real change.
  let peak = 0;
  for (const v of history) peak = Math.max(peak, Math.abs(v));
  // A series that is usually 0 is measured against 1 % of the largest value it ever had.
  const idle = Math.abs(median) < 1e-3 * peak ? 1e-2 * peak : 0;
  const sigma = Math.max(mad, tails, 1e-3 * Math.abs(median), idle, 1e-6);
  // Timing: the change must start with the incident. A series already at that level just before
  // (a component busier today than in the history) gets no credit for it.
  const recent = history.slice(-3);
  const before = recent.reduce((a, b) => a + b, 0) / recent.length;
  let best: SeriesScore | undefined;
  let onset = -1;
  const rawHistory: number[] = [];
  for (let i = 0; i < firstIncident; i++) if (Number.isFinite(raw[i])) rawHistory.push(raw[i]!);
  const rawMedian = robustScale(rawHistory).median;
  for (let i = firstIncident; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const zHistory = (v - median) / sigma;
    const zChange = (v - before) / sigma;
    const z = Math.sign(zHistory) === Math.sign(zChange) ? Math.sign(zHistory) * Math.min(Math.abs(zHistory), Math.abs(zChange)) : 0;
    if (onset < 0 && Math.abs(z) >= minScore) onset = i;
    if (best === undefined || Math.abs(z) > best.score) best = { score: Math.abs(z), delta: Math.abs(raw[i]! - rawMedian), direction: z >= 0 ? 'up' : 'down', onsetIndex: i };
  }
  if (best !== undefined && onset >= 0) best.onsetIndex = onset;
  return best;
}
