/**
 * Delta-to-cumulative for OTLP sums and histograms, since Prometheus series are cumulative.
 * State lives in the ingesting process, keyed by tenant and series, and is bounded: when full,
 * the oldest series is forgotten and restarts from zero, which PromQL's rate() reads as a
 * counter reset (the same trade-off as the Collector's deltatocumulative processor).
 */
interface SumState {
  lastMs: number;
  value: number;
}

interface HistState {
  lastMs: number;
  boundsKey: string;
  counts: number[];
  count: number;
  sum: number;
}

export class DeltaAccumulator {
  private readonly sums = new Map<string, SumState>();
  private readonly hists = new Map<string, HistState>();

  constructor(private readonly maxSeries = 200_000) {}

  /** Adds a delta and returns the running total, or undefined for a point older than the last one seen. */
  addSum(key: string, timeMs: number, delta: number): number | undefined {
    let s = this.sums.get(key);
    if (!s) {
      s = { lastMs: -Infinity, value: 0 };
      this.evict(this.sums);
      this.sums.set(key, s);
    }
    if (timeMs < s.lastMs) return undefined;
    s.lastMs = timeMs;
    s.value += delta;
    return s.value;
  }

  /** Adds a delta histogram; returns cumulative counts, count and sum, or undefined when out of order. */
  addHistogram(key: string, timeMs: number, bounds: readonly number[], counts: readonly number[], count: number, sum: number): { counts: number[]; count: number; sum: number } | undefined {
    const boundsKey = bounds.join(',');
    let h = this.hists.get(key);
    if (!h || h.boundsKey !== boundsKey || h.counts.length !== counts.length) {
      if (!h) this.evict(this.hists);
      h = { lastMs: -Infinity, boundsKey, counts: new Array<number>(counts.length).fill(0), count: 0, sum: 0 };
      this.hists.set(key, h);
    }
    if (timeMs < h.lastMs) return undefined;
    h.lastMs = timeMs;
    for (let i = 0; i < counts.length; i++) h.counts[i]! += counts[i]!;
    h.count += count;
    h.sum += sum;
    return { counts: h.counts.slice(), count: h.count, sum: h.sum };
  }

  private evict<V>(m: Map<string, V>): void {
    if (m.size < this.maxSeries) return;
    const first = m.keys().next();
    if (!first.done) m.delete(first.value);
  }
}

/** The process-wide accumulator used by the decoders. */
export const sharedDeltaAccumulator = new DeltaAccumulator();
