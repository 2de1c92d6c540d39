/**
 * Internal modules of the metric store:
 *  - `metrics` opens the configured store (embedded TSDB on the process's ClickHouse engine, or
 *    VictoriaMetrics) and provides it as METRIC_STORE. Roles that read or write metrics (gateway
 *    for the Prometheus API and remote write, processor, alerting) list it in dependsOn.
 *  - `metrics-writer` consumes the bus topic `metrics` (OTLP metrics, native JSON metrics) into
 *    the store; the processor role lists it. Samples Prometheus would refuse (out of order,
 *    conflicting duplicates) are dropped and counted, the rest is stored.
 */
import { join } from 'node:path';
import { parseDuration } from '../../config/duration.js';
import { DATA_DIR } from '../../runtime/keys.js';
import { ptrError } from '../../errors/index.js';
import type { ModuleDefinition } from '../../runtime/module.js';
import { BUS } from '../../bus/keys.js';
import { CLICKHOUSE } from '../clickhouse/keys.js';
import { openEmbeddedMetricStore } from './embedded/store.js';
import { METRIC_STORE } from './keys.js';
import type { MetricStore } from './metric-store.js';
import { openVictoriaMetricsStore } from './victoriametrics/store.js';

export const metricsModule: ModuleDefinition = {
  name: 'metrics',
  kind: 'internal',
  description: 'The metric store: Pointer TSDB on the ClickHouse engine, or VictoriaMetrics.',
  dependsOn: ['runtime', 'clickhouse'],
  async start(ctx) {
    const cfg = ctx.config.storage.metrics;
    let store: MetricStore;
    if (cfg.backend === 'victoriametrics') {
      if (!cfg.victoriaMetricsUrl) throw ptrError('PTR_ERR_CONFIG_INVALID', 'storage.metrics.victoriaMetricsUrl is required when storage.metrics.backend is "victoriametrics"');
      store = openVictoriaMetricsStore({ url: cfg.victoriaMetricsUrl, tenantLabel: cfg.victoriaMetricsTenantLabel ?? 'pointer_tenant' });
    } else {
      const log = ctx.log;
      store = await openEmbeddedMetricStore(ctx.services.get(CLICKHOUSE), {
        retentionMs: parseDuration(ctx.config.retention.metrics),
        walDir: join(ctx.services.get(DATA_DIR), 'metrics-wal'),
        ...(cfg.walFsync !== undefined ? { walFsync: cfg.walFsync } : {}),
        ...(cfg.walSegmentBytes !== undefined ? { walSegmentBytes: cfg.walSegmentBytes } : {}),
        ...(cfg.flushSamples !== undefined ? { flushSamples: cfg.flushSamples } : {}),
        ...(cfg.flushInterval !== undefined ? { flushIntervalMs: parseDuration(cfg.flushInterval) } : {}),
        ...(cfg.maxPendingSamples !== undefined ? { maxPendingSamples: cfg.maxPendingSamples } : {}),
        ...(cfg.queryMaxSeries !== undefined ? { maxSeries: cfg.queryMaxSeries } : {}),
        ...(cfg.queryMaxSamples !== undefined ? { maxSamples: cfg.queryMaxSamples } : {}),
        onWarning: (message, err) => log.warn(message, err === undefined ? {} : { error: (err as Error).message }),
        onReplay: (r) => {
          if (r.segments > 0) log.info('metric WAL replayed', { segments: r.segments, records: r.records, samples: r.samples, damaged: r.damaged.length });
        },
      });
    }
    ctx.services.provide(METRIC_STORE, store);
    ctx.log.debug('metric store open', { backend: store.kind });
    return {
      readiness: () => ({ ready: true }),
      drain: () => store.forceFlush(),
      stop: () => store.stop(),
    };
  },
};

export const metricsWriterModule: ModuleDefinition = {
  name: 'metrics-writer',
  kind: 'internal',
  description: 'Writes the bus topic `metrics` (OTLP and JSON metrics) into the metric store.',
  dependsOn: ['metrics', 'bus'],
  async start(ctx) {
    const store = ctx.services.get(METRIC_STORE);
    const bus = ctx.services.get(BUS);
    const written = ctx.metrics.counter('pointer_metric_samples_written_total', 'Metric samples written to the metric store, by source.', ['source']);
    const refused = ctx.metrics.counter('pointer_metric_samples_refused_total', 'Metric samples refused by the store as Prometheus would refuse them, by reason.', ['reason']);
    bus.subscribe('metrics', 'metric-store', async (batch) => {
      const r = await store.write(batch, { conflicts: 'skip' });
      written.inc({ source: 'bus' }, r.samplesWritten);
      if (r.outOfOrder) refused.inc({ reason: 'out_of_order' }, r.outOfOrder);
      if (r.duplicates) refused.inc({ reason: 'duplicate' }, r.duplicates);
    });
    return { readiness: () => ({ ready: true }), stop: async () => undefined };
  },
};
