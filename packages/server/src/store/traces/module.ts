/** Internal module `trace-store`: the trace tables on the shared ClickHouse connection (TRACE_STORE). */
import { join } from 'node:path';
import { parseDuration } from '../../config/duration.js';
import type { ModuleDefinition } from '../../runtime/module.js';
import { CLICKHOUSE } from '../clickhouse/keys.js';
import { retentionSeconds } from '../clickhouse/otel-attributes.js';
import { openClickHouseTraceStore } from './clickhouse-trace-store.js';
import { TRACE_STORE } from './keys.js';

export const traceStoreModule: ModuleDefinition = {
  name: 'trace-store',
  kind: 'internal',
  description: 'Spans in otel_traces (ClickHouse layout of the OpenTelemetry Collector exporter), with retention.',
  dependsOn: ['runtime', 'clickhouse'],
  async start(ctx) {
    const rows = ctx.metrics.counter('pointer_store_rows_committed_total', 'Rows committed to the trace and log stores.', ['table']);
    const bytes = ctx.metrics.counter('pointer_store_insert_bytes_total', 'RowBinary bytes inserted into the trace and log stores.', ['table']);
    const latency = ctx.metrics.histogram('pointer_store_commit_seconds', 'Time of one group-commit insert.', ['table'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
    const store = await openClickHouseTraceStore(ctx.services.get(CLICKHOUSE), {
      retentionSeconds: retentionSeconds(parseDuration(ctx.config.retention.traces)),
      // acknowledged once in the log under the data dir, inserted in large groups (row-writer.ts)
      wal: { dir: join(ctx.config.dataDir, 'wal', 'otel_traces') },
      onRetry: (err, attempt) => ctx.log.warn('insert from the write-ahead log failed; retrying', { table: 'otel_traces', attempt, error: (err as Error).message }),
      onRewrite: (table, n) => ctx.log.info('rewriting a table of an earlier release into the current layout, once; the trace store opens when it is done', { table, rows: n }),
      onCommit: (n, b, ms) => {
        rows.inc({ table: 'otel_traces' }, n);
        bytes.inc({ table: 'otel_traces' }, b);
        latency.observe({ table: 'otel_traces' }, ms / 1000);
      },
    });
    ctx.services.provide(TRACE_STORE, store);
    return { readiness: () => ({ ready: true }), stop: () => store.stop() };
  },
};
