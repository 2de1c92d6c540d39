export type {
  TraceStore, TraceSearch, TraceSummary, TimeRange, AttributeFilter, AttributeScope, AttributeValue, Operation, OtlpTracesJson, QueryBounds, MatchedSpan,
} from './trace-store.js';
export { openClickHouseTraceStore, type TraceStoreOptions } from './clickhouse-trace-store.js';
export { TRACES_TABLE, TRACE_ID_TABLE } from './schema.js';
export { encodeSpanColumns, TRACE_NATIVE_COLUMNS } from './encode.js';
export { TRACE_STORE } from './keys.js';
