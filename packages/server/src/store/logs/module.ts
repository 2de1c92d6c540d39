/** Internal module `log-store`: the log table on the shared ClickHouse connection (LOG_STORE). */
import { join } from 'node:path';
import { parseDuration } from '../../config/duration.js';
import type { ModuleDefinition } from '../../runtime/module.js';
import { CLICKHOUSE } from '../clickhouse/keys.js';
import { retentionSeconds } from '../clickhouse/otel-attributes.js';
import { openClickHouseLogStore } from './clickhouse-log-store.js';
import { LOG_STORE } from './keys.js';

export const logStoreModule: ModuleDefinition = {
  name: 'log-store',
  kind: 'internal',
  description: 'Log records in otel_logs (ClickHouse layout of the OpenTelemetry Collector exporter), with retention.',
  dependsOn: ['runtime', 'clickhouse'],
  async start(ctx) {
    const rows = ctx.metrics.counter('pointer_store_rows_committed_total', 'Rows committed to the trace and log stores.', ['table']);
    const bytes = ctx.metrics.counter('pointer_store_insert_bytes_total', 'RowBinary bytes inserted into the trace and log stores.', ['table']);
    const latency = ctx.metrics.histogram('pointer_store_commit_seconds', 'Time of one group-commit insert.', ['table'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
    const store = await openClickHouseLogStore(ctx.services.get(CLICKHOUSE), {
      retentionSeconds: retentionSeconds(parseDuration(ctx.config.retention.logs)),
      // acknowledged once in the log under the data dir, inserted in large groups (row-writer.ts)
      wal: { dir: join(ctx.config.dataDir, 'wal', 'otel_logs') },
      onRetry: (err, attempt) => ctx.log.warn('insert from the write-ahead log failed; retrying', { table: 'otel_logs', attempt, error: (err as Error).message }),
      onCommit: (n, b, ms) => {
        rows.inc({ table: 'otel_logs' }, n);
        bytes.inc({ table: 'otel_logs' }, b);
        latency.observe({ table: 'otel_logs' }, ms / 1000);
      },
    });
    ctx.services.provide(LOG_STORE, store);
    return { readiness: () => ({ ready: true }), stop: () => store.stop() };
  },
};
