/** @pointer/server: the pipeline, stores, gateway and roles. */
export { startPointer, type PointerServer, type StartOptions } from './runtime/pointer-server.js';
export { ModuleRunner, type ModuleReadiness } from './runtime/runner.js';
export { resolveModules } from './runtime/resolve.js';
export { ServiceKey, SharedServices } from './runtime/services.js';
export type { ModuleContext, ModuleDefinition, RunningModule } from './runtime/module.js';
export { defaultModules } from './roles/registry.js';
export {
  loadConfig,
  validateConfig,
  configSchema,
  ROLE_NAMES,
  ENV_BINDINGS,
  CONFIG_FILE_ENV,
  type PointerConfig,
  type PointerConfigInput,
  type RoleName,
} from './config/index.js';
export { ERROR_CODES, PtrError, ptrError, isPtrError, asPtrError, type ErrorCode } from './errors/index.js';
export { createLogger, silentLogger, type Logger } from './log/index.js';
export { VERSION } from './version.js';
export { openChdbConnection, openHttpConnection, RowBinaryWriter, NativeBlock, CLICKHOUSE, type ClickHouseConnection, type ClickHouseFormat } from './store/clickhouse/index.js';
export { openClickHouseTraceStore, encodeSpanColumns, TRACE_NATIVE_COLUMNS, TRACE_STORE, type TraceStore, type TraceSearch, type TraceSummary } from './store/traces/index.js';
export { parseTraceQL } from './query/tempo/traceql-parse.js';
export { openClickHouseLogStore, LOG_STORE, type LogStore, type LogFilter } from './store/logs/index.js';
export {
  GATEWAY_AUTH,
  RELATIONAL_STORE,
  RATE_LIMITER,
  AUDIT_LOG,
  PERMISSIONS,
  ALL_PERMISSIONS,
  ROLES,
  API_KEY_SCOPES,
  ROLE_PERMISSIONS,
  SCOPE_PERMISSIONS,
  DEFAULT_TENANT,
  GatewayAuth,
  type Permission,
  type Principal,
} from './auth/index.js';
export { openRelationalStore, MIGRATIONS, type RelationalStore, type UserRecord, type ApiKeyRecord, type AuditRecord, type Role, type ApiKeyScope } from './store/relational/index.js';
export { MemoryRateLimiter, RedisRateLimiter, type RateLimiter, type BucketRule } from './ratelimit/index.js';
export { ROUTE_BOOK } from './gateway/keys.js';
export { buildOpenApi, type RecordedRoute } from './gateway/index.js';
export { BUS, MemoryBus, KafkaBus, busModule, type Bus, type BatchHandler, type Topic, type TopicBatches } from './bus/index.js';
export {
  decodeTracesProtobuf, decodeTracesJson, decodeLogsProtobuf, decodeLogsJson, encodeTracesProtobuf, encodeLogsProtobuf, spanBatchToJson, logBatchToJson, toHex,
} from './ingest/otlp/index.js';
export { ProtoReader, ProtoWriter, ProtoWireError, WireType } from './ingest/protobuf/index.js';
export { INGEST_AUTHENTICATOR, DefaultIngestAuthenticator, type IngestAuthenticator, type IngestCredentials, type IngestAuthResult } from './ingest/auth.js';
export { DEFAULT_INGEST_LIMITS, type SpanBatch, type LogBatch, type MetricBatch, type DecodeContext, type DecodeResult, type IngestLimits } from './model/index.js';
export {
  openEmbeddedMetricStore,
  MetricBatchBuilder,
  STALE_NAN,
  isStaleNaN as isStaleMetricValue,
  type MetricStore,
  type WriteResult as MetricWriteResult,
  type Querier as MetricQuerier,
  type LabelMatcher,
} from './store/metrics/index.js';
export { METRIC_STORE } from './store/metrics/keys.js';
export { openVictoriaMetricsStore } from './store/metrics/victoriametrics/store.js';
export { encodeWriteRequest, encodeWriteRequestV2, snappyEncode, formatPromFloat } from './prometheus/index.js';
export { decodeMetricsProtobuf, decodeMetricsJson } from './ingest/otlp-metrics/index.js';
