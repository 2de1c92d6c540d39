/**
 * The embedded TSDB: Pointer's metric store on the process's ClickHouse engine (in-process chDB,
 * or a ClickHouse server when the trace store uses one). See schema.ts for the tables,
 * writer.ts for ingest and querier.ts for reads.
 */
import type { ClickHouseConnection } from '../../clickhouse/index.js';
import type { MetricBatch } from '../../../model/index.js';
import type { LabelMatcher, Querier } from '../querier.js';
import type { MetricMetadata, MetricStore, SeriesExemplars, WriteOptions, WriteResult } from '../metric-store.js';
import { EXEMPLARS_TABLE, METADATA_TABLE, SERIES_TABLE, schemaStatements } from './schema.js';
import { SeriesCache } from './series-cache.js';
import { EmbeddedWriter } from './writer.js';
import { EmbeddedQuerier, LabelCache, type EmbeddedQuerierOptions } from './querier.js';
import { SqlParams, dayString, selectorsSql } from './matchers-sql.js';

export interface EmbeddedStoreOptions extends Partial<EmbeddedQuerierOptions> {
  retentionMs: number;
  /** Series whose writer state is kept in memory (default 2M). */
  maxCachedSeries?: number;
  maxPendingSamples?: number;
  /** Group-commit linger (default 250 ms) and the pending samples that flush at once (default 200k). */
  lingerMs?: number;
  flushSamples?: number;
}

export async function openEmbeddedMetricStore(conn: ClickHouseConnection, options: EmbeddedStoreOptions): Promise<MetricStore> {
  for (const sql of schemaStatements(options.retentionMs / 1000)) await conn.exec(sql);
  return new EmbeddedMetricStore(conn, options);
}

function sortedLabels(obj: Record<string, string>): [string, string][] {
  return Object.entries(obj).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

class EmbeddedMetricStore implements MetricStore {
  readonly kind = 'embedded' as const;
  private readonly writer: EmbeddedWriter;
  private readonly querierOptions: EmbeddedQuerierOptions;
  private readonly labelCache = new LabelCache(1_000_000);

  constructor(
    private readonly conn: ClickHouseConnection,
    options: EmbeddedStoreOptions,
  ) {
    this.writer = new EmbeddedWriter(conn, new SeriesCache(options.maxCachedSeries ?? 2_000_000), {
      maxPendingSamples: options.maxPendingSamples ?? 2_000_000,
      lingerMs: options.lingerMs ?? 250,
      flushSamples: options.flushSamples ?? 200_000,
    });
    this.querierOptions = { maxSeries: options.maxSeries ?? 500_000, maxSamples: options.maxSamples ?? 50_000_000 };
  }

  write(batch: MetricBatch, options?: WriteOptions): Promise<WriteResult> {
    return this.writer.write(batch, options);
  }

  querier(tenant: string): Querier {
    return new EmbeddedQuerier(this.conn, tenant, this.querierOptions, this.labelCache);
  }

  async metadata(tenant: string, metric?: string, limit?: number): Promise<Record<string, MetricMetadata[]>> {
    const params = new SqlParams();
    const filter = metric ? ` AND metric = ${params.add(metric)}` : '';
    const lim = limit !== undefined && limit >= 0 ? ` LIMIT ${Math.floor(limit)}` : '';
    const rows = await this.conn.queryRows<{ metric: string; type: string; help: string; unit: string }>(
      `SELECT metric, argMax(type, updated) AS type, argMax(help, updated) AS help, argMax(unit, updated) AS unit FROM ${METADATA_TABLE} WHERE tenant = ${params.add(tenant)}${filter} GROUP BY metric ORDER BY metric${lim}`,
      { params: params.values },
    );
    const out: Record<string, MetricMetadata[]> = {};
    for (const r of rows) out[r.metric] = [{ type: r.type, help: r.help, unit: r.unit }];
    return out;
  }

  async exemplars(tenant: string, selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number): Promise<SeriesExemplars[]> {
    const params = new SqlParams();
    const t = params.add(tenant);
    const rows = await this.conn.queryRows<{ series: Record<string, string>; ex: [string, number, Record<string, string>][] }>(
      `SELECT any(s.slabels) AS series, groupArray((toString(e.ts), e.value, e.labels)) AS ex
       FROM ${EXEMPLARS_TABLE} AS e
       INNER JOIN (SELECT fingerprint, any(labels) AS slabels FROM ${SERIES_TABLE}
                   WHERE tenant = ${t} AND day >= ${params.add(dayString(startMs), 'Date')} AND day <= ${params.add(dayString(endMs), 'Date')} AND (${selectorsSql(selectors, params)})
                   GROUP BY fingerprint) AS s ON e.fingerprint = s.fingerprint
       WHERE e.tenant = ${t} AND e.ts >= ${params.add(String(Math.floor(startMs)), 'Int64')} AND e.ts <= ${params.add(String(Math.floor(endMs)), 'Int64')}
       GROUP BY e.fingerprint`,
      { params: params.values },
    );
    return rows.map((r) => ({
      seriesLabels: sortedLabels(r.series),
      exemplars: r.ex.map(([ts, value, labels]) => ({ labels: sortedLabels(labels), value: Number(value), timestampMs: Number(ts) })).sort((a, b) => a.timestampMs - b.timestampMs),
    }));
  }

  forceFlush(): Promise<void> {
    return this.writer.flush();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }
}
