/**
 * Samples in columnar form after OTLP metrics (or remote write, or the native JSON API) have
 * been mapped to Prometheus series. Each sample row names its series by an index into
 * `series`; a series is its sorted label set (including __name__).
 */
export interface SeriesEntry {
  /** Sorted by name; includes `__name__`. */
  labels: [string, string][];
  /** Prometheus metric type and help when known (for /api/v1/metadata). */
  type?: 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';
  help?: string;
  unit?: string;
}

export interface ExemplarEntry {
  /** Row index of the sample it belongs to. */
  sample: number;
  labels: [string, string][];
  value: number;
  timestampMs: number;
}

export interface MetricBatch {
  readonly signal: 'metrics';
  tenant: string;
  count: number;
  series: SeriesEntry[];
  /** Index into series, per sample. */
  seriesIndex: Uint32Array;
  timestampMs: Float64Array;
  /** NaN with the staleness bit pattern marks a stale sample, as in Prometheus. */
  value: Float64Array;
  exemplars: ExemplarEntry[];
}
