/**
 * Internal module `prometheus-api`: the Prometheus HTTP API and the remote-write receiver under
 * `/prometheus` on the gateway's HTTP server (Grafana's Prometheus data source URL is
 * `http://<gateway>/prometheus`). The gateway role lists it in dependsOn.
 */
import { parseDuration } from '../config/duration.js';
import { GATEWAY_AUTH } from '../auth/index.js';
import type { ModuleDefinition } from '../runtime/module.js';
import { HTTP_SERVER } from '../runtime/keys.js';
import { createPromQLEngine, formatPromQL, parsePromQL } from '../promql/index.js';
import { METRIC_STORE } from '../store/metrics/keys.js';
import { prometheusApi } from './api.js';

export const prometheusApiModule: ModuleDefinition = {
  name: 'prometheus-api',
  kind: 'internal',
  description: 'Prometheus HTTP API (/prometheus/api/v1/...) and remote-write receiver on the gateway port.',
  dependsOn: ['runtime', 'http', 'auth', 'metrics'],
  async start(ctx) {
    const app = ctx.services.get(HTTP_SERVER);
    const auth = ctx.services.get(GATEWAY_AUTH);
    const store = ctx.services.get(METRIC_STORE);
    const cfg = ctx.config.storage.metrics;
    const queryTimeoutMs = parseDuration(cfg.queryTimeout ?? '2m');
    const engine = createPromQLEngine({
      lookbackDeltaMs: parseDuration(cfg.lookbackDelta ?? '5m'),
      timeoutMs: queryTimeoutMs,
      maxSamples: cfg.queryMaxSamples ?? 50_000_000,
    });
    const written = ctx.metrics.counter('pointer_metric_samples_written_total', 'Metric samples written to the metric store, by source.', ['source']);
    const rejected = ctx.metrics.counter('pointer_remote_write_rejected_total', 'Remote-write requests refused, by error code.', ['code']);
    await app.register(
      async (api) =>
        prometheusApi(api, {
          store,
          engine,
          parse: parsePromQL,
          format: formatPromQL,
          require: (p) => auth.require(p),
          queryTimeoutMs,
          remoteWrite: {
            maxBodyBytes: ctx.config.gateway.maxRequestBytes,
            maxDecodedBytes: cfg.remoteWriteMaxBytes ?? 32 * 1024 * 1024,
            maxLabelsPerSeries: 128,
            maxLabelValueLength: 16 * 1024,
            onWritten: (n) => written.inc({ source: 'remote_write' }, n),
            onRejected: (code) => rejected.inc({ code }),
          },
        }),
      { prefix: '/prometheus' },
    );
    return { readiness: () => ({ ready: true }), stop: async () => undefined };
  },
};
