/**
 * Tables of the embedded TSDB. Series and samples are apart, as in Prometheus' TSDB: the series
 * index holds each label set once per day it was written (so that label queries over a time
 * range read only those days), samples are (fingerprint, ts, value) rows ordered by series and
 * time. A value is stored as an exact decimal (mantissa, scale; decimal-value.ts) and read
 * through the `value` ALIAS. Codecs by measurement on the benchmark's gauges and counters
 * (docs/metrics.md): DoubleDelta + ZSTD for the regular timestamps (~0.01 B/sample) and for the
 * mantissas (1.2 B/sample), where the values as doubles took 2.2 B with ZSTD(3) (Gorilla + ZSTD
 * 3.7 B, FPC + ZSTD 3.4 B, Delta + ZSTD on the mantissas 1.5 B). The fingerprint hashes tenant
 * and labels, so samples need no tenant column.
 */
import type { ClickHouseConnection } from '../../clickhouse/index.js';
import { rewriteTable } from '../../clickhouse/table-rewrite.js';
import { settingsClause } from '../../clickhouse/settings.js';
import { WARM_PART_SETTINGS } from '../../clickhouse/table-settings.js';
import { MAX_SCALE, RAW_SCALE, VALUE_EXPRESSION } from './decimal-value.js';
import { UNKNOWN_METRIC_ID, metricIdSql } from './metric-id.js';

export const SERIES_TABLE = 'pointer_metric_series';
export const SAMPLES_TABLE = 'pointer_metric_samples';
export const EXEMPLARS_TABLE = 'pointer_metric_exemplars';
export const METADATA_TABLE = 'pointer_metric_metadata';

/**
 * Samples sort by two-hour window, then metric, series and time. The window first (Prometheus
 * cuts blocks of two hours for the same reason): sorted by series alone, a day's partition made
 * a query over the last hour read every granule of its series for the whole day, as a granule
 * holds several series and its time range spans the day. The metric next (metric-id.ts): a
 * query for one metric then reads its own granules, not granules shared with every other
 * metric. Measured on 6 h of the benchmark's load in one part (docs/metrics.md), the engine's
 * read for rate by job over 1 h: 87 ms by series, 57 ms with the window, 27 ms with the metric.
 */
export const SAMPLES_SORT_KEY = 'intDiv(ts, 7200000), metric, fingerprint, ts';

/**
 * The samples table's statement, for a given TTL in seconds. Marks and primary index of a new
 * part (an insert, a merge) are loaded when it is written, not by the first query that reads it:
 * the first queries after background merges replaced the parts were the slow ones.
 */
function samplesTable(ttl: number): string {
  return `CREATE TABLE IF NOT EXISTS ${SAMPLES_TABLE} (
      fingerprint UInt64 CODEC(ZSTD(1)),
      ts Int64 CODEC(DoubleDelta, ZSTD(1)),
      mantissa Int64 CODEC(DoubleDelta, ZSTD(1)),
      scale Int8 CODEC(ZSTD(1)),
      metric UInt32 CODEC(ZSTD(1)),
      value Float64 ALIAS ${VALUE_EXPRESSION}
    ) ENGINE = MergeTree
    PARTITION BY toDate(intDiv(ts, 1000), 'UTC')
    ORDER BY (${SAMPLES_SORT_KEY})
    TTL toDateTime(intDiv(ts, 1000), 'UTC') + INTERVAL ${ttl} SECOND
    ${settingsClause({ ttl_only_drop_parts: 1, ...WARM_PART_SETTINGS }).trim()}`;
}

/**
 * A samples table of an earlier layout (value stored as Float64, no metric id, or another sort
 * key) is rewritten once at start: Float64 values converted as the writer would (the fewest
 * exact decimal places, else their bits), metric ids derived from the series index.
 */
const PLACES = `arrayFirstIndex(k -> abs(round(value * exp10(k))) <= ${Number.MAX_SAFE_INTEGER} AND round(value * exp10(k)) / exp10(k) = value, range(0, ${MAX_SCALE + 1})) - 1`;
const CONVERT = {
  // -0 keeps its bits (it would come back as +0)
  scale: `toInt8(if(reinterpretAsUInt64(value) = 9223372036854775808, ${RAW_SCALE}, ${PLACES}))`,
  mantissa: `if(reinterpretAsUInt64(value) = 9223372036854775808 OR (${PLACES}) < 0, reinterpretAsInt64(value), toInt64(round(value * exp10(${PLACES}))))`,
};
/** The metric id of rows stored before the column existed, from the series index. */
const WITH_METRIC = {
  source: `{old} AS s LEFT ANY JOIN (SELECT fingerprint, any(metric_name) AS metric_name FROM ${SERIES_TABLE} GROUP BY fingerprint) AS m USING fingerprint`,
  expressions: { metric: `if(m.metric_name = '', ${UNKNOWN_METRIC_ID}, ${metricIdSql('m.metric_name')})` },
};

export async function migrateSamplesLayout(conn: ClickHouseConnection, retentionSeconds: number, onRewrite?: (table: string, rows: number) => void): Promise<boolean> {
  const columns = await conn.queryRows<{ name: string; kind: string }>(
    `SELECT name, default_kind AS kind FROM system.columns WHERE database = currentDatabase() AND table = {t:String}`,
    { params: { t: SAMPLES_TABLE } },
  );
  const [t] = await conn.queryRows<{ key: string }>(`SELECT sorting_key AS key FROM system.tables WHERE database = currentDatabase() AND name = {t:String}`, { params: { t: SAMPLES_TABLE } });
  if (t === undefined) return false;
  const decimal = columns.some((c) => c.name === 'value' && c.kind === 'ALIAS');
  const hasMetric = columns.some((c) => c.name === 'metric');
  if (decimal && hasMetric && t.key === SAMPLES_SORT_KEY) return false;
  await rewriteTable(conn, {
    table: SAMPLES_TABLE,
    createTable: samplesTable(ttlOf(retentionSeconds)),
    views: [],
    ...(onRewrite ? { onStart: onRewrite } : {}),
    ...(hasMetric ? {} : { source: WITH_METRIC.source }),
    expressions: { ...(decimal ? {} : CONVERT), ...(hasMetric ? {} : WITH_METRIC.expressions) },
  });
  return true;
}

function ttlOf(retentionSeconds: number): number {
  return Math.max(3600, Math.floor(retentionSeconds));
}

export function schemaStatements(retentionSeconds: number): string[] {
  const ttl = ttlOf(retentionSeconds);
  return [
    `CREATE TABLE IF NOT EXISTS ${SERIES_TABLE} (
      tenant LowCardinality(String),
      metric_name LowCardinality(String),
      fingerprint UInt64,
      day Date,
      labels Map(LowCardinality(String), String) CODEC(ZSTD(1))
    ) ENGINE = ReplacingMergeTree
    PARTITION BY toYYYYMM(day)
    ORDER BY (tenant, metric_name, fingerprint, day)
    TTL day + INTERVAL ${ttl + 86400} SECOND`,
    samplesTable(ttl),
    `CREATE TABLE IF NOT EXISTS ${EXEMPLARS_TABLE} (
      tenant LowCardinality(String),
      fingerprint UInt64,
      ts Int64 CODEC(DoubleDelta, ZSTD(1)),
      value Float64,
      labels Map(String, String) CODEC(ZSTD(1))
    ) ENGINE = MergeTree
    PARTITION BY toDate(intDiv(ts, 1000), 'UTC')
    ORDER BY (tenant, fingerprint, ts)
    TTL toDateTime(intDiv(ts, 1000), 'UTC') + INTERVAL ${ttl} SECOND
    SETTINGS ttl_only_drop_parts = 1`,
    `CREATE TABLE IF NOT EXISTS ${METADATA_TABLE} (
      tenant LowCardinality(String),
      metric String,
      type LowCardinality(String),
      help String,
      unit String,
      updated DateTime
    ) ENGINE = ReplacingMergeTree(updated)
    ORDER BY (tenant, metric)`,
  ];
}
