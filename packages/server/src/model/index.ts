export { AttrType, type AttributeColumns, type AttrRange } from './attributes.js';
export type { SpanBatch, ResourceEntry, ScopeEntry } from './span-batch.js';
export { BodyType, type LogBatch } from './log-batch.js';
export type { MetricBatch, SeriesEntry, ExemplarEntry } from './metric-batch.js';
export type TelemetryBatch = import('./span-batch.js').SpanBatch | import('./log-batch.js').LogBatch | import('./metric-batch.js').MetricBatch;
export { DEFAULT_INGEST_LIMITS, type DecodeResult, type DecodeContext, type IngestLimits } from './decode-result.js';
