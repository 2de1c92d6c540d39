/**
 * The trace tables: the OpenTelemetry Collector ClickHouse exporter's `otel_traces` and its
 * trace-id lookup table (`otel_traces_trace_id_ts` fed by a materialized view), so that data
 * written by a Collector is readable here and Grafana's ClickHouse plugin reads Pointer's data.
 * Pointer adds, without changing the exporter's columns: `TenantId` (first in the sort key),
 * typed attributes (`*AttributeTypes`), scope attributes, flags, dropped counts and schema URLs,
 * so every field of an OTLP span reads back exactly.
 *
 * otel_traces uses index_granularity 1024 (the exporter: 8192): a trace-by-id read decompresses
 * every column of each granule the TraceId bloom filter selects, and the spans of one trace sit
 * in different granules (the sort key is service, name, time); smaller granules halved the
 * read time at 1M spans for +1.2 bytes per span (bench/store/traces.ts, docs/benchmarks.md).
 */
import type { ClickHouseConnection } from '../clickhouse/connection.js';
import { ensureTtl } from '../clickhouse/ttl.js';

export const TRACES_TABLE = 'otel_traces';
export const TRACE_ID_TABLE = 'otel_traces_trace_id_ts';

/** Insert column order: what encode.ts writes, row by row (resource, then scope, then span). */
export const TRACE_INSERT_COLUMNS = [
  'TenantId', 'ServiceName', 'ResourceAttributes', 'ResourceAttributeTypes', 'ResourceSchemaUrl', 'ResourceDroppedAttributesCount',
  'ScopeName', 'ScopeVersion', 'ScopeAttributes', 'ScopeAttributeTypes', 'ScopeSchemaUrl', 'ScopeDroppedAttributesCount',
  'Timestamp', 'TraceId', 'SpanId', 'ParentSpanId', 'TraceState', 'SpanName', 'SpanKind', 'SpanAttributes', 'SpanAttributeTypes',
  'Duration', 'StatusCode', 'StatusMessage', 'Flags', 'DroppedAttributesCount', 'DroppedEventsCount', 'DroppedLinksCount',
  'Events.Timestamp', 'Events.Name', 'Events.Attributes', 'Events.AttributeTypes', 'Events.DroppedAttributesCount',
  'Links.TraceId', 'Links.SpanId', 'Links.TraceState', 'Links.Attributes', 'Links.AttributeTypes', 'Links.Flags', 'Links.DroppedAttributesCount',
] as const;

const ttl = (col: string, seconds: number): string => `TTL ${col} + toIntervalSecond(${seconds})`;

export function traceTablesDdl(retentionSeconds: number): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${TRACES_TABLE} (
  TenantId LowCardinality(String) CODEC(ZSTD(1)),
  Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  ParentSpanId String CODEC(ZSTD(1)),
  TraceState String CODEC(ZSTD(1)),
  SpanName LowCardinality(String) CODEC(ZSTD(1)),
  SpanKind LowCardinality(String) CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  Duration UInt64 CODEC(ZSTD(1)),
  StatusCode LowCardinality(String) CODEC(ZSTD(1)),
  StatusMessage String CODEC(ZSTD(1)),
  Events Nested (
    Timestamp DateTime64(9),
    Name LowCardinality(String),
    Attributes Map(LowCardinality(String), String),
    AttributeTypes String,
    DroppedAttributesCount UInt32
  ) CODEC(ZSTD(1)),
  Links Nested (
    TraceId String,
    SpanId String,
    TraceState String,
    Attributes Map(LowCardinality(String), String),
    AttributeTypes String,
    Flags UInt32,
    DroppedAttributesCount UInt32
  ) CODEC(ZSTD(1)),
  ResourceAttributeTypes LowCardinality(String) CODEC(ZSTD(1)),
  ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ResourceDroppedAttributesCount UInt32 CODEC(ZSTD(1)),
  ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeAttributeTypes LowCardinality(String) CODEC(ZSTD(1)),
  ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
  ScopeDroppedAttributesCount UInt32 CODEC(ZSTD(1)),
  SpanAttributeTypes LowCardinality(String) CODEC(ZSTD(1)),
  Flags UInt32 CODEC(ZSTD(1)),
  DroppedAttributesCount UInt32 CODEC(ZSTD(1)),
  DroppedEventsCount UInt32 CODEC(ZSTD(1)),
  DroppedLinksCount UInt32 CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (TenantId, ServiceName, SpanName, toDateTime(Timestamp))
${ttl('toDateTime(Timestamp)', retentionSeconds)}
SETTINGS index_granularity = 1024, ttl_only_drop_parts = 1`,
    `CREATE TABLE IF NOT EXISTS ${TRACE_ID_TABLE} (
  TenantId LowCardinality(String) CODEC(ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  Start DateTime64(9) CODEC(Delta, ZSTD(1)),
  End DateTime64(9) CODEC(Delta, ZSTD(1))
) ENGINE = MergeTree
PARTITION BY toDate(Start)
ORDER BY (TenantId, TraceId, Start)
${ttl('toDateTime(Start)', retentionSeconds)}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${TRACE_ID_TABLE}_mv TO ${TRACE_ID_TABLE} AS
SELECT TenantId, TraceId, min(Timestamp) AS Start, max(Timestamp + toIntervalNanosecond(Duration)) AS End
FROM ${TRACES_TABLE}
WHERE TraceId != ''
GROUP BY TenantId, TraceId`,
  ];
}

export async function createTraceTables(conn: ClickHouseConnection, retentionSeconds: number): Promise<void> {
  for (const ddl of traceTablesDdl(retentionSeconds)) await conn.exec(ddl);
  await ensureTtl(conn, TRACES_TABLE, 'toDateTime(Timestamp)', retentionSeconds);
  await ensureTtl(conn, TRACE_ID_TABLE, 'toDateTime(Start)', retentionSeconds);
}
