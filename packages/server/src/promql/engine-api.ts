/**
 * The PromQL engine's entry points, as the Prometheus HTTP API and alerting call them.
 * Results follow the Prometheus API's data shapes (resultType + result).
 */
import type { Labels, Querier } from '../store/metrics/querier.js';

export interface EngineOptions {
  /** Default 5 minutes, as in Prometheus. */
  lookbackDeltaMs?: number;
  /** Query timeout; exceeded -> PTR_ERR_QUERY_TIMEOUT (Prometheus errorType "timeout"). */
  timeoutMs?: number;
  /** Max samples loaded at once; exceeded -> PTR_ERR_QUERY_LIMIT (errorType "execution"). */
  maxSamples?: number;
  /** Step of subqueries written without one (`x[5m:]`); Prometheus' global evaluation interval, default 1 minute. */
  defaultEvalIntervalMs?: number;
}

export interface SeriesPoints {
  metric: Labels;
  /** [timestampMs, value] pairs. */
  timestamps: Float64Array;
  values: Float64Array;
}

export type QueryResult =
  | { resultType: 'scalar'; timestampMs: number; value: number }
  | { resultType: 'string'; timestampMs: number; value: string }
  | { resultType: 'vector'; samples: { metric: Labels; timestampMs: number; value: number }[] }
  | { resultType: 'matrix'; series: SeriesPoints[] };

export interface PromQLEngine {
  instantQuery(querier: Querier, query: string, timeMs: number, signal?: AbortSignal): Promise<QueryResult>;
  rangeQuery(querier: Querier, query: string, startMs: number, endMs: number, stepMs: number, signal?: AbortSignal): Promise<QueryResult>;
}
