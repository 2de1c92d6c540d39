/**
 * The OTLP metrics request as both decoders produce it (protobuf and OTLP/JSON read into the same
 * shape), so that one translator maps it to Prometheus series. Times are milliseconds since the
 * epoch (OTLP's nanoseconds floored), attribute values already rendered as Prometheus label text.
 */
export interface OtlpAttr {
  key: string;
  /** The value as a label value: strings as they are, numbers and bools in their text form, arrays/maps as OTLP JSON. */
  value: string;
}

export interface OtlpExemplar {
  attributes: OtlpAttr[];
  timeMs: number;
  value: number;
  /** Lower-case hex, empty when unset. */
  traceId: string;
  spanId: string;
}

export interface OtlpNumberPoint {
  attributes: OtlpAttr[];
  startTimeMs: number;
  timeMs: number;
  value: number;
  exemplars: OtlpExemplar[];
  flags: number;
}

export interface OtlpHistogramPoint {
  attributes: OtlpAttr[];
  startTimeMs: number;
  timeMs: number;
  count: number;
  sum: number | undefined;
  bucketCounts: number[];
  explicitBounds: number[];
  exemplars: OtlpExemplar[];
  flags: number;
}

export interface OtlpExpBuckets {
  offset: number;
  bucketCounts: number[];
}

export interface OtlpExpHistogramPoint {
  attributes: OtlpAttr[];
  startTimeMs: number;
  timeMs: number;
  count: number;
  sum: number | undefined;
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: OtlpExpBuckets;
  negative: OtlpExpBuckets;
  exemplars: OtlpExemplar[];
  flags: number;
}

export interface OtlpSummaryPoint {
  attributes: OtlpAttr[];
  startTimeMs: number;
  timeMs: number;
  count: number;
  sum: number;
  quantiles: { quantile: number; value: number }[];
  flags: number;
}

export const enum Temporality {
  Unspecified = 0,
  Delta = 1,
  Cumulative = 2,
}

export type OtlpMetricData =
  | { kind: 'gauge'; points: OtlpNumberPoint[] }
  | { kind: 'sum'; points: OtlpNumberPoint[]; temporality: Temporality; monotonic: boolean }
  | { kind: 'histogram'; points: OtlpHistogramPoint[]; temporality: Temporality }
  | { kind: 'exponentialHistogram'; points: OtlpExpHistogramPoint[]; temporality: Temporality }
  | { kind: 'summary'; points: OtlpSummaryPoint[] }
  | { kind: 'empty' };

export interface OtlpMetric {
  name: string;
  description: string;
  unit: string;
  data: OtlpMetricData;
}

export interface OtlpScopeMetrics {
  name: string;
  version: string;
  metrics: OtlpMetric[];
}

export interface OtlpResourceMetrics {
  attributes: OtlpAttr[];
  scopeMetrics: OtlpScopeMetrics[];
}

/** DataPointFlags.FLAG_NO_RECORDED_VALUE: the point marks the series as gone (a staleness marker). */
export const FLAG_NO_RECORDED_VALUE = 1;
