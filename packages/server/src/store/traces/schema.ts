/**
 * The trace tables: the OpenTelemetry Collector ClickHouse exporter's `otel_traces` and its
 * trace-id lookup table (`otel_traces_trace_id_ts` fed by a materialized view), so that data
 * written by a Collector is readable here and Grafana's ClickHouse plugin reads Pointer's data.
 * Pointer adds, without changing the exporter's columns: `TenantId` (first in the sort key),
 * typed attributes (`*AttributeTypes`), scope attributes, flags, dropped counts and schema URLs,
 * so every field of an OTLP span reads back exactly.
 *
 * The sort key differs from the exporter's (ServiceName, SpanName, time): otel_traces is sorted by
 * (TenantId, 15-second bucket, TraceId), so that the spans of one trace lie together in one granule. A
 * trace-by-id read then decompresses one granule of each column instead of one per span (the
 * exporter's order scatters a trace over as many granules as it has services and span names);
 * neighbouring spans of a trace share most values, so the table is also about 30% smaller; and
 * searches read only the buckets of their time window, newest first (search-windows.ts). The
 * bucket was a minute until 27 Nov 2026: a search whose first window (15 s) held its answer still
 * read and filtered the whole minute, as rows are not in time order within a bucket; an attribute
 * search read 4x the attribute maps it needed (docs/benchmarks.md). A trace crosses a 15 s bucket
 * boundary more often than a minute's (a 1 s trace in ~7% of cases, then it is read from two
 * granules), which costs by-id reads little. The
 * trace id keeps a bloom filter: every part covering the trace's buckets has a granule where
 * the id would sort, and the filter skips those of the parts that do not hold it (7 granules
 * read -> 1 at 10M spans in 7 parts; about 0.2 bytes per span). Duration's minmax index is
 * gone, as every granule now spans all durations. Measured in docs/benchmarks.md (bench/store/traces.ts):
 * at 1M spans trace-by-id 74 -> 28 ms, 67 -> 46 bytes per span. Tables of the old order are
 * rewritten once at start (clickhouse/table-rewrite.ts).
 *
 * index_granularity 1024 (the exporter: 8192): a trace is read as whole granules.
 */
import type { ClickHouseConnection } from '../clickhouse/connection.js';
import { ensureTtl } from '../clickhouse/ttl.js';
import { DEDUP_SETTINGS } from '../clickhouse/wal/dedup-window.js';
import { settingsClause } from '../clickhouse/settings.js';
import { migrateSortKey, rewriteTable } from '../clickhouse/table-rewrite.js';
import { ensureTableSettings, tableSettings, WARM_PART_SETTINGS } from '../clickhouse/table-settings.js';

export const TRACES_TABLE = 'otel_traces';
export const TRACE_ID_TABLE = 'otel_traces_trace_id_ts';
/** The time bucket of the sort key, in seconds; searches start at the newest bucket. */
export const TRACES_BUCKET_SECONDS = 15;
/** The bucket's expression, as system.tables.sorting_key writes it (migrateSortKey compares). */
export const TRACES_BUCKET = `toStartOfInterval(Timestamp, toIntervalSecond(${TRACES_BUCKET_SECONDS}))`;
export const TRACES_SORT_KEY = `TenantId, ${TRACES_BUCKET}, TraceId`;

/**
 * A trace-by-id read decompresses, for each of ~40 columns, the compressed block holding its one
 * granule. With ClickHouse's default of 64 KB, a small column (flags, names, scope fields) packs
 * many granules per block, so each read decompressed ~4 MB for ~400 KB of spans. Blocks of 4 KB:
 * trace-by-id -11% CPU at 10M spans, +1.9 bytes per span on disk (44.9 -> 46.8).
 */
export const TRACES_MIN_COMPRESS_BLOCK = 4096;

/** otel_traces' settings that tables of earlier releases get at start (ensureTableSettings). */
const TRACES_SETTINGS = { ...DEDUP_SETTINGS, ...WARM_PART_SETTINGS, min_compress_block_size: TRACES_MIN_COMPRESS_BLOCK };

/**
 * The lookup table is read by trace id: one id for trace-by-id, the 20-odd candidates of a search.
 * Each id decompresses one granule of the id column; at 8192 rows (the exporter's) that is about
 * 270 KB per id, at 1024 about 34 KB. Measured at 10M spans: the bounds of 20 search results
 * 22-29 ms -> 15 ms; the table grows by 0.1 bytes per span (a larger primary index).
 */
export const TRACE_ID_GRANULARITY = 1024;

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
  INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (${TRACES_SORT_KEY})
${ttl('toDateTime(Timestamp)', retentionSeconds)}${settingsClause({ index_granularity: 1024, ttl_only_drop_parts: 1, ...TRACES_SETTINGS })}`,
    `CREATE TABLE IF NOT EXISTS ${TRACE_ID_TABLE} (
  TenantId LowCardinality(String) CODEC(ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  Start DateTime64(9) CODEC(Delta, ZSTD(1)),
  End DateTime64(9) CODEC(Delta, ZSTD(1))
) ENGINE = MergeTree
PARTITION BY toDate(Start)
ORDER BY (TenantId, TraceId, Start)
${ttl('toDateTime(Start)', retentionSeconds)}${settingsClause({ index_granularity: TRACE_ID_GRANULARITY, ttl_only_drop_parts: 1, ...WARM_PART_SETTINGS })}`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${TRACE_ID_TABLE}_mv TO ${TRACE_ID_TABLE} AS
SELECT TenantId, TraceId, min(Timestamp) AS Start, max(Timestamp + toIntervalNanosecond(Duration)) AS End
FROM ${TRACES_TABLE}
WHERE TraceId != ''
GROUP BY TenantId, TraceId`,
  ];
}

export async function createTraceTables(conn: ClickHouseConnection, retentionSeconds: number, onRewrite?: (table: string, rows: number) => void): Promise<void> {
  const ddl = traceTablesDdl(retentionSeconds);
  const onStart = onRewrite ? { onStart: onRewrite } : {};
  await migrateSortKey(conn, { table: TRACES_TABLE, sortKey: TRACES_SORT_KEY, createTable: ddl[0]!, views: [`${TRACE_ID_TABLE}_mv`], ...onStart });
  const granularity = (await tableSettings(conn, TRACE_ID_TABLE)).get('index_granularity');
  if (granularity !== undefined && granularity !== String(TRACE_ID_GRANULARITY)) {
    // granularity cannot be altered: the (small) lookup table is copied once into the new layout
    await rewriteTable(conn, { table: TRACE_ID_TABLE, createTable: ddl[1]!, views: [`${TRACE_ID_TABLE}_mv`], ...onStart });
  }
  for (const stmt of ddl) await conn.exec(stmt);
  await ensureTtl(conn, TRACES_TABLE, 'toDateTime(Timestamp)', retentionSeconds);
  await ensureTtl(conn, TRACE_ID_TABLE, 'toDateTime(Start)', retentionSeconds);
  await ensureTableSettings(conn, TRACES_TABLE, TRACES_SETTINGS);
  await ensureTableSettings(conn, TRACE_ID_TABLE, WARM_PART_SETTINGS);
}
