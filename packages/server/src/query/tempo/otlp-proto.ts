/**
 * OTLP/JSON resourceSpans -> protobuf, through the ingest decoder (to a SpanBatch) and the
 * OTLP encoder that the Kafka bus uses, so the bytes are exactly what an OTLP client expects.
 * ExportTraceServiceRequest and TracesData share their wire form (field 1: resource_spans).
 */
import { decodeTracesJson, encodeTracesProtobuf } from '../../ingest/otlp/index.js';
import { ProtoWriter } from '../../ingest/protobuf/index.js';
import type { IngestLimits } from '../../model/index.js';

/** Stored data already passed ingest's limits: re-reading it must cut nothing. */
const NO_LIMITS: IngestLimits = { maxAttributesPerItem: 1 << 30, maxAttributeValueLength: 1 << 30, maxEventsPerSpan: 1 << 30, maxLinksPerSpan: 1 << 30 };

export function tracesDataProtobuf(resourceSpans: Record<string, unknown>[]): Uint8Array {
  const { batch } = decodeTracesJson({ resourceSpans }, { tenant: '', limits: NO_LIMITS });
  return encodeTracesProtobuf(batch);
}

/** Tempo's TraceByIDResponse { Trace trace = 1; ... } around a TracesData. */
export function traceByIdResponseProtobuf(resourceSpans: Record<string, unknown>[]): Uint8Array {
  const inner = tracesDataProtobuf(resourceSpans);
  const w = new ProtoWriter(inner.length + 8);
  w.bytesField(1, inner, true);
  return w.finish();
}
