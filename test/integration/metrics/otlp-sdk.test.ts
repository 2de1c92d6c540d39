/**
 * OTLP metrics from the OpenTelemetry JS SDK's exporters (HTTP/protobuf and HTTP/JSON) into a
 * real Pointer, read back through PromQL on the Prometheus API: the compatibility mapping end
 * to end (names with unit and _total suffixes, job/instance, histogram buckets, target_info).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { ADMIN_TOKEN, startMetricsServer, type MetricsServer } from './helpers.js';

let s: MetricsServer;
beforeAll(async () => {
  s = await startMetricsServer();
});
afterAll(async () => {
  await s?.stop();
});

async function sendWith(exporter: PushMetricExporter, service: string, temporality: AggregationTemporality): Promise<void> {
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.namespace': 'shop',
      'service.instance.id': 'pod-1',
      'deployment.environment': 'test',
    }),
    readers: [reader],
  });
  const meter = provider.getMeter('checkout-meter', '1.0.0');
  const counter = meter.createCounter('orders.placed', { unit: '{order}', description: 'Orders placed' });
  const hist = meter.createHistogram('http.server.request.duration', { unit: 's' });
  counter.add(3, { 'payment.method': 'card' });
  hist.record(0.3, { 'http.route': '/pay' });
  hist.record(2, { 'http.route': '/pay' });
  await reader.forceFlush();
  counter.add(2, { 'payment.method': 'card' });
  await reader.forceFlush();
  await provider.shutdown();
  void temporality;
}

async function query(q: string): Promise<any[]> {
  const r = await s.prom('/api/v1/query', { query: q }, { method: 'POST' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.result;
}

describe('OTLP metrics from the OpenTelemetry JS SDK, read back with PromQL', () => {
  for (const [kind, make] of [
    ['http/protobuf', () => new ProtoExporter({ url: `${s.otlpHttp}/v1/metrics`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })],
    [
      'http/json (delta temporality)',
      () =>
        new JsonExporter({
          url: `${s.otlpHttp}/v1/metrics`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          temporalityPreference: AggregationTemporality.DELTA,
        }),
    ],
  ] as const) {
    it(`maps counters, histograms and the resource (${kind})`, async () => {
      const service = kind.startsWith('http/protobuf') ? 'checkout-proto' : 'checkout-json';
      await sendWith(make(), service, AggregationTemporality.CUMULATIVE);
      const job = `shop/${service}`;
      const counter = await query(`orders_placed_total{job="${job}"}`);
      expect(counter).toHaveLength(1);
      expect(counter[0].metric).toEqual({
        __name__: 'orders_placed_total',
        job,
        instance: 'pod-1',
        payment_method: 'card',
        otel_scope_name: 'checkout-meter',
        otel_scope_version: '1.0.0',
      });
      expect(counter[0].value[1]).toBe('5');
      const count = await query(`http_server_request_duration_seconds_count{job="${job}"}`);
      expect(count[0].value[1]).toBe('2');
      const le = await query(`http_server_request_duration_seconds_bucket{job="${job}", le="5"}`);
      expect(le[0].value[1]).toBe('2');
      const p = await query(`histogram_quantile(1, sum by (le) (http_server_request_duration_seconds_bucket{job="${job}"}))`);
      expect(Number(p[0].value[1])).toBeGreaterThan(1);
      const target = await query(`target_info{job="${job}"}`);
      expect(target[0].metric).toMatchObject({ deployment_environment: 'test', instance: 'pod-1' });
      const meta = await s.prom('/api/v1/metadata', { metric: 'orders_placed_total' });
      expect(meta.body.data.orders_placed_total[0]).toMatchObject({ type: 'counter', help: 'Orders placed' });
    });
  }
});
