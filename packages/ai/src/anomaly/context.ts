/**
 * Context novelty (in the spirit of CAD-OSE and ARTime, NAB's best entries): the series is
 * quantised into `levels` buckets of the range seen so far, and each point's context is the
 * tuple of the last `order` buckets. The raw score is 1 when that context has never been seen
 * before, else 0. A stable pattern stops producing new contexts once learned; a new pattern
 * (an oscillation that was not there, a flat line where there was noise) produces a burst of
 * them, which `NoveltyBurst` tells apart from the series' usual novelty rate. Streaming and
 * causal: the bucket of a point uses the range of the points before it (so a new extreme also
 * re-maps later values and gives a short burst; range novelty alarms there anyway).
 */
export interface ContextOptions {
  levels: number;
  order: number;
}

export const CONTEXT_DEFAULTS: ContextOptions = { levels: 16, order: 2 };

export class ContextNovelty {
  private readonly o: ContextOptions;
  private readonly seen = new Set<number>();
  private readonly recent: number[] = [];
  private lo = Infinity;
  private hi = -Infinity;

  constructor(options: Partial<ContextOptions> = {}) {
    this.o = { ...CONTEXT_DEFAULTS, ...options };
  }

  /** Feeds the next value; returns 1 if its context is new, else 0 (0 until `order` points are known). */
  update(v: number): number {
    if (!Number.isFinite(v)) return 0;
    const span = this.hi - this.lo;
    const bucket = span > 0 ? Math.min(this.o.levels + 1, Math.max(0, Math.floor(((v - this.lo) / span) * this.o.levels) + 1)) : 0;
    this.lo = Math.min(this.lo, v);
    this.hi = Math.max(this.hi, v);
    this.recent.push(bucket);
    if (this.recent.length > this.o.order) this.recent.shift();
    if (this.recent.length < this.o.order) return 0;
    let key = 0;
    for (const b of this.recent) key = key * (this.o.levels + 2) + b;
    if (this.seen.has(key)) return 0;
    this.seen.add(key);
    return 1;
  }
}

/** P(X ≥ k) for X ~ Poisson(lambda). */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  let term = Math.exp(-lambda);
  let below = term;
  for (let j = 1; j < k; j++) {
    term *= lambda / j;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/**
 * How surprising the number of new contexts in the last `window` points is, given the series'
 * own long-run rate of new contexts (counted after `learning` points, with one pseudo-event so
 * a series that has been quiet for long is not infinitely sure): a Poisson tail probability.
 * Binary novelty does not suit a Gaussian fit; counts do suit a Poisson one.
 */
export class NoveltyBurst {
  private readonly flags: Uint8Array;
  private inWindow = 0;
  private seen = 0;
  private novelTotal = 0;

  constructor(
    private readonly window = 10,
    private readonly learning = 288,
  ) {
    this.flags = new Uint8Array(window);
  }

  /** Feeds the next novelty flag; returns the tail probability of the recent count (1 while learning). */
  update(novel: number): number {
    const k = this.seen % this.window;
    this.inWindow += novel - this.flags[k]!;
    this.flags[k] = novel;
    this.seen++;
    if (this.seen <= this.learning) return 1;
    const counted = this.seen - this.learning;
    const rate = (this.novelTotal + 1) / (counted + 1);
    const tail = poissonTail(this.inWindow, rate * this.window);
    this.novelTotal += novel;
    return tail;
  }
}
