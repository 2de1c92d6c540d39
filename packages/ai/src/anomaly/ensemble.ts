/**
 * The ensemble detector (the product default; docs/ai-quality.md has the measurements). Four
 * causal tests, each mapped to a score in [0, 1] where 0.5 is that test's own alarm level,
 * combined by maximum:
 *
 * 1. the seasonal robust z-score + CUSUM detector (`detector.ts`), alarming only at `baseScale`
 *    times its own alarm level: its weaker alarms are mostly record-breaking noise on
 *    heavy-tailed series;
 * 2. range novelty (the "spatial anomaly" rule of Numenta's NAB detector): a value outside
 *    everything seen so far by more than `rangeTolerance` of the range seen so far;
 * 3. the anomaly likelihood (`likelihood.ts`) of the seasonal detector's per-point score: the
 *    recent average prediction error against its own long-run distribution;
 * 4. context novelty (`context.ts`): a burst of never-seen quantised contexts, against the
 *    series' own long-run rate of new contexts (Poisson tail).
 * The two probabilistic tests use Numenta's log scale, so 0.5 means a tail probability of 1e-5.
 *
 * An alert starts an episode; anomalous points closer than `suppress` points to the episode's
 * last one extend it instead of raising a new alert, so a burst of alarms in a noisy stretch
 * costs one alert, not ten.
 */
import { AnomalyLikelihood, logLikelihood } from './likelihood.js';
import { ContextNovelty, NoveltyBurst } from './context.js';
import type { DetectionResult, Episode } from './detector.js';

export interface EnsembleOptions {
  threshold: number;
  /** The seasonal detector's u = s/(1−s) must reach this multiple of its own alarm level (u = 1). */
  baseScale: number;
  rangeTolerance: number;
  /** Points seen before range novelty is judged. */
  rangeMinHistory: number;
  /** Anomalous points within this many points of the episode's last one extend it (no new alert). */
  suppress: number;
  /** Use the likelihood test (needs every point scored; the `scoreFrom` live path skips it). */
  likelihood: boolean;
  /** Use the context-novelty test; `contextOrder` points make one context. */
  context: boolean;
  contextOrder: number;
}

export const ENSEMBLE_DEFAULTS: EnsembleOptions = {
  threshold: 0.5,
  baseScale: 4,
  rangeTolerance: 0.05,
  rangeMinHistory: 100,
  suppress: 144,
  likelihood: true,
  context: true,
  contextOrder: 2,
};

/** u/(1+u): maps "multiples of the alarm level" to a score with the alarm at 0.5. */
export function squash(u: number): number {
  return u <= 0 ? 0 : u === Infinity ? 1 : u / (1 + u);
}

/**
 * Combines the seasonal detector's output `base` (which scored every point from `first` on) with
 * the other tests into the ensemble's scores, anomalous flags and episodes; points before
 * `scoreFrom` get score 0.
 */
export function combineEnsemble(values: ArrayLike<number>, base: DetectionResult, first: number, scoreFrom: number, options: Partial<EnsembleOptions> = {}): DetectionResult {
  const o = { ...ENSEMBLE_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  const n = values.length;
  const score = new Float64Array(n);
  const anomalous = new Uint8Array(n);
  const onsets: number[] = [];
  const episodes: Episode[] = [];
  const likelihood = o.likelihood ? new AnomalyLikelihood() : undefined;
  const context = o.context ? new ContextNovelty({ order: o.contextOrder }) : undefined;
  const burst = o.context ? new NoveltyBurst() : undefined;
  let lo = Infinity;
  let hi = -Infinity;
  let episode: Episode | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let s = 0;
    let kind: Episode['kind'] = 'spike';
    const b = i >= first ? base.score[i]! : 0;
    const up = base.z[i]! >= 0;
    if (i >= first) {
      s = squash(b >= 1 ? Infinity : b / (1 - b) / o.baseScale);
      kind = up ? 'spike' : 'dip';
    }
    if (i >= scoreFrom && i >= o.rangeMinHistory && hi > lo) {
      const sRange = squash(Math.max(v - hi, lo - v) / (hi - lo) / o.rangeTolerance);
      if (sRange > s) [s, kind] = [sRange, v > hi ? 'spike' : 'dip'];
    }
    // Both probabilistic tests see every point (a zero score while the seasonal detector is
    // still learning), so their own learning periods run in step with the series.
    if (likelihood !== undefined) {
      const sLik = logLikelihood(likelihood.update(b));
      if (i >= first && sLik > s) [s, kind] = [sLik, up ? 'level_shift_up' : 'level_shift_down'];
    }
    if (context !== undefined && burst !== undefined) {
      const sCtx = logLikelihood(1 - burst.update(context.update(v)));
      if (i >= Math.max(first, scoreFrom) && sCtx > s) [s, kind] = [sCtx, up ? 'level_shift_up' : 'level_shift_down'];
    }
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    score[i] = s;
    if (s < o.threshold) continue;
    anomalous[i] = 1;
    if (episode !== undefined && i - episode.end <= o.suppress) {
      episode.end = i;
      episode.maxScore = Math.max(episode.maxScore, s);
    } else {
      if (episode !== undefined) episodes.push(episode);
      episode = { start: i, end: i, maxScore: s, kind };
      onsets.push(i);
    }
  }
  if (episode !== undefined) episodes.push(episode);
  return { score, z: base.z, cusum: base.cusum, expected: base.expected, anomalous, onsets, episodes, periods: base.periods };
}
