/**
 * OTLP metrics decoders for the receivers: protobuf and OTLP/JSON bodies of
 * ExportMetricsServiceRequest become a MetricBatch of Prometheus series (see translate.ts for
 * the mapping rules and docs/metrics.md for the reference).
 */
import type { DecodeContext, DecodeResult, MetricBatch } from '../../model/index.js';
import { parseMetricsJson } from './json.js';
import { parseMetricsProtobuf } from './protobuf.js';
import { translateMetrics } from './translate.js';

export function decodeMetricsProtobuf(bytes: Uint8Array, ctx: DecodeContext): DecodeResult<MetricBatch> {
  return translateMetrics(parseMetricsProtobuf(bytes), ctx);
}

export function decodeMetricsJson(body: unknown, ctx: DecodeContext): DecodeResult<MetricBatch> {
  return translateMetrics(parseMetricsJson(body), ctx);
}

export { DeltaAccumulator } from './delta-to-cumulative.js';
export { prometheusLabelName, prometheusMetricName } from './names.js';
