/** The OTLP decoders by signal and encoding, as every receiver uses them. */
import type { DecodeContext, DecodeResult, TelemetryBatch } from '../model/index.js';
import { decodeLogsJson, decodeLogsProtobuf, decodeTracesJson, decodeTracesProtobuf } from './otlp/index.js';
import { decodeMetricsJson, decodeMetricsProtobuf } from './otlp-metrics/index.js';
import type { Signal } from './pipeline.js';

export interface SignalDecoders {
  protobuf(bytes: Uint8Array, ctx: DecodeContext): DecodeResult<TelemetryBatch>;
  json(body: unknown, ctx: DecodeContext): DecodeResult<TelemetryBatch>;
}

export const OTLP_DECODERS: Record<Signal, SignalDecoders> = {
  traces: { protobuf: decodeTracesProtobuf, json: decodeTracesJson },
  logs: { protobuf: decodeLogsProtobuf, json: decodeLogsJson },
  metrics: { protobuf: decodeMetricsProtobuf, json: decodeMetricsJson },
};
