/**
 * Builds a MetricBatch: series are interned by their sorted label set, samples appended as
 * (series, timestamp, value) rows.
 */
import { grown } from './grow.js';
import type { ExemplarEntry, MetricBatch, SeriesEntry } from './metric-batch.js';

export class MetricBatchBuilder {
  readonly series: SeriesEntry[] = [];
  readonly exemplars: ExemplarEntry[] = [];
  private readonly seriesIndex = new Map<string, number>();
  count = 0;
  private seriesOf = new Uint32Array(0);
  private ts = new Float64Array(0);
  private values = new Float64Array(0);

  constructor(readonly tenant: string) {}

  /** Index of the series with these labels (sorted here; must include __name__). */
  seriesFor(labels: [string, string][], meta: Omit<SeriesEntry, 'labels'> = {}): number {
    const sorted = [...labels].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const key = JSON.stringify(sorted);
    let i = this.seriesIndex.get(key);
    if (i === undefined) {
      i = this.series.length;
      this.series.push({ labels: sorted, ...meta });
      this.seriesIndex.set(key, i);
    }
    return i;
  }

  addSample(series: number, timestampMs: number, value: number): number {
    const i = this.count;
    if (i >= this.ts.length) {
      this.ts = grown(this.ts, i + 1);
      this.values = grown(this.values, this.ts.length);
      this.seriesOf = grown(this.seriesOf, this.ts.length);
    }
    this.seriesOf[i] = series;
    this.ts[i] = timestampMs;
    this.values[i] = value;
    this.count = i + 1;
    return i;
  }

  finish(): MetricBatch {
    const n = this.count;
    return {
      signal: 'metrics',
      tenant: this.tenant,
      count: n,
      series: this.series,
      seriesIndex: this.seriesOf.subarray(0, n),
      timestampMs: this.ts.subarray(0, n),
      value: this.values.subarray(0, n),
      exemplars: this.exemplars,
    };
  }
}
