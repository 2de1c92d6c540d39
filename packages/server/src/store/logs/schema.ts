/**
 * The log table: the OpenTelemetry Collector ClickHouse exporter's `otel_logs` (token bloom
 * index on Body, trace-id bloom index, attributes as maps), plus Pointer's columns: TenantId
 * (first in the sort key), typed attributes, observed time, full flags, body type, event name,
 * dropped counts, and LogId (a per-record id that makes "newest first" paging exact).
 */
import type { ClickHouseConnection } from '../clickhouse/connection.js';
import { ensureTtl } from '../clickhouse/ttl.js';
import { ensureTableSettings, WARM_PART_SETTINGS } from '../clickhouse/table-settings.js';
import { DEDUP_SETTINGS } from '../clickhouse/wal/dedup-window.js';
import { settingsClause } from '../clickhouse/settings.js';

export const LOGS_TABLE = 'otel_logs';

/** otel_logs' settings that tables of earlier releases get at start (ensureTableSettings). */
const LOGS_SETTINGS = { ...DEDUP_SETTINGS, ...WARM_PART_SETTINGS };

export function logTableDdl(retentionSeconds: number): string {
  return `CREATE TABLE IF NOT EXISTS ${LOGS_TABLE} (
  TenantId LowCardinality(String) CODEC(ZSTD(1)),
  Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  TimestampTime DateTime DEFAULT toDateTime(Timestamp),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  TraceFlags UInt8,
  SeverityText LowCardinality(String) CODEC(ZSTD(1)),
  SeverityNumber UInt8,
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  Body String CODEC(ZSTD(1)),
  ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  EventName String CODEC(ZSTD(1)),
  TimestampUnset UInt8 CODEC(ZSTD(1)),
  ObservedTimestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  LogId UInt64 CODEC(ZSTD(1)),
  Flags UInt32 CODEC(ZSTD(1)),
  BodyType UInt8 CODEC(ZSTD(1)),
  ResourceAttributeTypes LowCardinality(String) CODEC(ZSTD(1)),
  ResourceDroppedAttributesCount UInt32 CODEC(ZSTD(1)),
  ScopeAttributeTypes LowCardinality(String) CODEC(ZSTD(1)),
  ScopeDroppedAttributesCount UInt32 CODEC(ZSTD(1)),
  LogAttributeTypes LowCardinality(String) CODEC(ZSTD(1)),
  DroppedAttributesCount UInt32 CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
) ENGINE = MergeTree
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (TenantId, ServiceName, TimestampTime)
ORDER BY (TenantId, ServiceName, TimestampTime, Timestamp)
TTL TimestampTime + toIntervalSecond(${retentionSeconds})${settingsClause({ index_granularity: 8192, ttl_only_drop_parts: 1, ...LOGS_SETTINGS })}`;
}

export async function createLogTable(conn: ClickHouseConnection, retentionSeconds: number): Promise<void> {
  await conn.exec(logTableDdl(retentionSeconds));
  await ensureTtl(conn, LOGS_TABLE, 'TimestampTime', retentionSeconds);
  await ensureTableSettings(conn, LOGS_TABLE, LOGS_SETTINGS);
}
