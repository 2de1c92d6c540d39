/**
 * The embedded TSDB: Pointer's metric store on the process's ClickHouse engine (in-process chDB,
 * or a ClickHouse server when the trace store uses one). See schema.ts for the tables,
 * writer.ts for ingest (acknowledged once in the WAL, wal.ts), committer.ts for the background
 * inserts and querier.ts for reads. Every read first waits for what was acknowledged before it
 * to be committed (a read barrier), so read-after-write is exact.
 */
import type { ClickHouseConnection } from '../../clickhouse/index.js';
import type { MetricBatch } from '../../../model/index.js';
import type { LabelMatcher, Labels, Querier } from '../querier.js';
import type { MetricMetadata, MetricStore, SeriesExemplars, WriteOptions, WriteResult } from '../metric-store.js';
import { EXEMPLARS_TABLE, METADATA_TABLE, SERIES_TABLE, migrateSamplesLayout, schemaStatements } from './schema.js';
import { SeriesCache } from './series-cache.js';
import { EmbeddedWriter } from './writer.js';
import { EmbeddedQuerier, LabelCache, sortedLabels, type EmbeddedQuerierOptions } from './querier.js';
import { SqlParams, dayString, selectorsSql } from './matchers-sql.js';
import { Committer } from './committer.js';
import { Wal } from './wal.js';
import { replayWal, type ReplayReport } from './replay.js';
import { BarrierQuerier } from './barrier-querier.js';

export interface EmbeddedStoreOptions extends Partial<EmbeddedQuerierOptions> {
  retentionMs: number;
  /** Directory of the write-ahead log (the module uses <dataDir>/metrics-wal). */
  walDir: string;
  /** fdatasync every WAL append (default false: an append survives kill -9, not power loss). */
  walFsync?: boolean;
  /** WAL segment size bound in bytes (default 64 MiB). */
  walSegmentBytes?: number;
  /** Series whose writer state is kept in memory (default 2M). */
  maxCachedSeries?: number;
  /** Acknowledged samples not yet committed before writes get PTR_ERR_OVERLOADED (default 2M). */
  maxPendingSamples?: number;
  /** Pending samples that start an insert at once (default 500k). */
  flushSamples?: number;
  /** Longest an acknowledged sample waits before its insert starts (default 2 s). */
  flushIntervalMs?: number;
  /** First retry delay after a failed insert (default 200 ms, doubling to 10 s). */
  retryBaseMs?: number;
  /** Reports failed inserts (retried) and damaged WAL tails found at start. */
  onWarning?: (message: string, err?: unknown) => void;
  /** Receives what the start-up replay found. */
  onReplay?: (report: ReplayReport) => void;
}

/** Creates the tables, replays any WAL segments left by the previous process, then opens the store. */
export async function openEmbeddedMetricStore(conn: ClickHouseConnection, options: EmbeddedStoreOptions): Promise<MetricStore> {
  for (const sql of schemaStatements(options.retentionMs / 1000)) await conn.exec(sql);
  await migrateSamplesLayout(conn, options.retentionMs / 1000, (table, rows) =>
    options.onWarning?.(`rewriting ${table} (${rows} rows) of an earlier release into the current layout, once; the metric store opens when it is done`),
  );
  const flushSamples = options.flushSamples ?? 500_000;
  const wal = new Wal({ dir: options.walDir, fsync: options.walFsync ?? false, maxSegmentBytes: options.walSegmentBytes ?? 64 * 1024 * 1024 });
  const committer = new Committer(conn, wal, {
    flushSamples,
    maxAgeMs: options.flushIntervalMs ?? 2000,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    onError: (err) => options.onWarning?.(`metric store insert failed, retrying: ${(err as Error).message}`, err),
  });
  const report = await replayWal(options.walDir, committer, flushSamples);
  for (const d of report.damaged) options.onWarning?.(`metric WAL segment ${d.segment}: ${d.damage}; its valid prefix was replayed`);
  options.onReplay?.(report);
  return new EmbeddedMetricStore(conn, wal, committer, options);
}

class EmbeddedMetricStore implements MetricStore {
  readonly kind = 'embedded' as const;
  private readonly writer: EmbeddedWriter;
  private readonly querierOptions: EmbeddedQuerierOptions;
  private readonly labelCache = new LabelCache(1_000_000);
  private stopping: Promise<void> | undefined;
  private readonly onWarning: EmbeddedStoreOptions['onWarning'];

  constructor(
    private readonly conn: ClickHouseConnection,
    private readonly wal: Wal,
    private readonly committer: Committer,
    options: EmbeddedStoreOptions,
  ) {
    this.writer = new EmbeddedWriter(wal, committer, new SeriesCache(options.maxCachedSeries ?? 2_000_000), {
      maxPendingSamples: options.maxPendingSamples ?? 2_000_000,
      // a query's first look at new series then needs no label lookup in the engine
      onIndexed: (fp, labels) => this.labelCache.set(fp, labels.map(([n, v]) => [n, v]) as Labels),
    });
    this.onWarning = options.onWarning;
    this.querierOptions = { maxSeries: options.maxSeries ?? 500_000, maxSamples: options.maxSamples ?? 50_000_000 };
  }

  write(batch: MetricBatch, options?: WriteOptions): Promise<WriteResult> {
    return this.writer.write(batch, options);
  }

  querier(tenant: string): Querier {
    return new BarrierQuerier(new EmbeddedQuerier(this.conn, tenant, this.querierOptions, this.labelCache), () => this.committer.barrier());
  }

  async metadata(tenant: string, metric?: string, limit?: number): Promise<Record<string, MetricMetadata[]>> {
    await this.committer.barrier();
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
    await this.committer.barrier();
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
      exemplars: dedupeExemplars(r.ex.map(([ts, value, labels]) => ({ labels: sortedLabels(labels), value: Number(value), timestampMs: Number(ts) }))),
    }));
  }

  /** Commits everything acknowledged so far (it is durable in the WAL already). */
  forceFlush(): Promise<void> {
    return this.committer.barrier();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.writer.stop();
      try {
        await this.committer.commitOnce();
      } catch (err) {
        this.onWarning?.(`metric store insert failed at stop; acknowledged samples stay in the WAL for the next start: ${(err as Error).message}`, err);
      } finally {
        // anything not committed stays in the WAL and is replayed at the next start
        this.wal.close();
      }
    })();
    return this.stopping;
  }
}

/**
 * Exemplars by time, one per (timestamp, value, labels): a crash between an insert and the
 * deletion of its WAL segment replays that insert, and the exemplars table does not merge rows.
 */
function dedupeExemplars(ex: { labels: [string, string][]; value: number; timestampMs: number }[]): { labels: [string, string][]; value: number; timestampMs: number }[] {
  ex.sort((a, b) => a.timestampMs - b.timestampMs);
  const out: typeof ex = [];
  const seen = new Set<string>();
  for (const e of ex) {
    if (out.length > 0 && out[out.length - 1]!.timestampMs !== e.timestampMs) seen.clear();
    const key = `${e.value}\xff${JSON.stringify(e.labels)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
