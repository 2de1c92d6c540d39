/**
 * The metric store: where Prometheus series from OTLP, remote write and the native JSON API are
 * written, and what the PromQL engine and the Prometheus HTTP API read. Two implementations:
 * the embedded TSDB on the in-process ClickHouse engine (`embedded/`) and VictoriaMetrics
 * (`victoriametrics/`). One contract suite (`contract.ts`) runs against both.
 */
import type { MetricBatch } from '../../model/index.js';
import type { Labels, LabelMatcher, Querier } from './querier.js';
import type { QueryResult } from '../../promql/engine-api.js';

/**
 * How samples that Prometheus' head would refuse are handled. Prometheus 2.42 (no out-of-order
 * window) refuses a sample older than its series' newest one ("out of order sample") and a
 * different value at the newest timestamp ("duplicate sample for timestamp"); an identical
 * duplicate is accepted and dropped.
 *  - `reject`: any such sample fails the whole write, nothing is stored (remote write: 400).
 *  - `skip`: such samples are dropped and counted; the rest is stored (OTLP, JSON ingest).
 */
export type ConflictPolicy = 'reject' | 'skip';

export interface WriteOptions {
  conflicts?: ConflictPolicy;
  /** Metric family metadata from remote write 1.0's `metadata` field. */
  metadata?: readonly MetricMetadataEntry[];
}

export interface WriteResult {
  samplesWritten: number;
  exemplarsWritten: number;
  outOfOrder: number;
  duplicates: number;
  /** First refused sample, e.g. `out of order sample: {__name__="x"} @ 1700000000000`. */
  firstConflict?: string;
}

export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

export interface MetricMetadataEntry extends MetricMetadata {
  metric: string;
}

export interface ExemplarData {
  labels: Labels;
  value: number;
  timestampMs: number;
}

export interface SeriesExemplars {
  seriesLabels: Labels;
  exemplars: ExemplarData[];
}

/**
 * A store that evaluates PromQL itself (VictoriaMetrics): the Prometheus API proxies queries to
 * it, with the tenant enforced by the store.
 */
export interface NativePromQL {
  instantQuery(tenant: string, query: string, timeMs: number, signal?: AbortSignal): Promise<QueryResult>;
  rangeQuery(tenant: string, query: string, startMs: number, endMs: number, stepMs: number, signal?: AbortSignal): Promise<QueryResult>;
}

export interface MetricStore {
  readonly kind: 'embedded' | 'victoriametrics';
  /** Resolves once the batch is durable. Overload rejects with PTR_ERR_OVERLOADED. */
  write(batch: MetricBatch, options?: WriteOptions): Promise<WriteResult>;
  /** Samples and label index of one tenant, for the PromQL engine and the metadata endpoints. */
  querier(tenant: string): Querier;
  metadata(tenant: string, metric?: string, limit?: number): Promise<Record<string, MetricMetadata[]>>;
  exemplars(tenant: string, selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number): Promise<SeriesExemplars[]>;
  /** Present when the backend evaluates PromQL itself. */
  readonly native?: NativePromQL;
  /** Makes every accepted write durable. */
  forceFlush(): Promise<void>;
  /** Idempotent. */
  stop(): Promise<void>;
}
