/**
 * Anomaly likelihood (Ahmad, Lavin, Purdy & Agha 2017, "Unsupervised real-time anomaly detection
 * for streaming data"; the post-processing of Numenta's NAB entry). A raw score in [0, 1] (how
 * badly the point was predicted) is not itself a good alarm: noisy series have large errors all
 * the time. The likelihood asks instead how unusual the *recent average* raw score is against the
 * distribution of averages over a long trailing window (a Gaussian fitted to the history), so an
 * alarm means "predictions got worse than they usually are here". Streaming and causal: the
 * distribution is re-estimated every `reestimationPeriod` points from the past only.
 *
 * Constants are Numenta's published defaults (learning period 288, 100 estimation samples,
 * averaging window 10, history 8640, mean ≥ 0.03, variance ≥ 0.0003).
 */

export interface LikelihoodOptions {
  /** Points whose raw scores are ignored at the start (the raw scorer is still learning). */
  learningPeriod: number;
  /** Further points collected before the first estimate; until then the likelihood is 0.5. */
  estimationSamples: number;
  /** Points of raw-score history the distribution is fitted on. */
  historicWindow: number;
  reestimationPeriod: number;
  /** The recent average is over this many raw scores. */
  averagingWindow: number;
}

export const LIKELIHOOD_DEFAULTS: LikelihoodOptions = {
  learningPeriod: 288,
  estimationSamples: 100,
  historicWindow: 8640,
  reestimationPeriod: 100,
  averagingWindow: 10,
};

const MIN_MEAN = 0.03;
const MIN_VARIANCE = 0.0003;

/** Complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Upper tail probability of x under N(mean, sigma²); values below the mean are reflected, so
 * only scores *higher* than usual are unlikely (a better-than-usual prediction is no anomaly).
 */
export function tailProbability(x: number, mean: number, sigma: number): number {
  const xr = x < mean ? 2 * mean - x : x;
  return 0.5 * erfc((xr - mean) / (sigma * Math.SQRT2));
}

/** Numenta's log scale: 0.5 ↔ likelihood 1 − 1e-5, 1 ↔ 1 − 1e-10. */
export function logLikelihood(likelihood: number): number {
  return Math.log(1.0000000001 - likelihood) / -23.02585084720009;
}

export class AnomalyLikelihood {
  private readonly o: LikelihoodOptions;
  /** Moving averages of the raw score, one per point seen (ring buffer of `historicWindow`). */
  private readonly averages: Float64Array;
  private readonly recent: Float64Array;
  private recentSum = 0;
  private seen = 0;
  private mean = 0;
  private sigma = 0;
  private fitted = false;

  constructor(options: Partial<LikelihoodOptions> = {}) {
    this.o = { ...LIKELIHOOD_DEFAULTS, ...options };
    this.averages = new Float64Array(this.o.historicWindow);
    this.recent = new Float64Array(this.o.averagingWindow);
  }

  /** Feeds the next raw score (clipped to [0, 1]); returns the likelihood that it is anomalous. */
  update(raw: number): number {
    const r = Math.min(1, Math.max(0, Number.isFinite(raw) ? raw : 0));
    const k = this.seen % this.o.averagingWindow;
    this.recentSum += r - this.recent[k]!;
    this.recent[k] = r;
    const avg = this.recentSum / Math.min(this.seen + 1, this.o.averagingWindow);
    let likelihood = 0.5;
    if (this.seen >= this.o.learningPeriod + this.o.estimationSamples) {
      if (!this.fitted || this.seen % this.o.reestimationPeriod === 0) this.estimate();
      likelihood = 1 - tailProbability(avg, this.mean, this.sigma);
    }
    this.averages[this.seen % this.o.historicWindow] = avg;
    this.seen++;
    return likelihood;
  }

  /** Gaussian fit of the stored averages, skipping the learning period while it is still in the window. */
  private estimate(): void {
    const stored = Math.min(this.seen, this.o.historicWindow);
    const shiftedOut = Math.max(0, this.seen - this.o.historicWindow);
    const skip = Math.min(stored, Math.max(0, this.o.learningPeriod - shiftedOut));
    let sum = 0;
    let sumSq = 0;
    const count = stored - skip;
    for (let j = 0; j < count; j++) {
      const v = this.averages[(this.seen - 1 - j + this.o.historicWindow) % this.o.historicWindow]!;
      sum += v;
      sumSq += v * v;
    }
    const mean = count > 0 ? sum / count : 0;
    const variance = count > 0 ? sumSq / count - mean * mean : 0;
    this.mean = Math.max(MIN_MEAN, mean);
    this.sigma = Math.sqrt(Math.max(MIN_VARIANCE, variance));
    this.fitted = true;
  }
}
