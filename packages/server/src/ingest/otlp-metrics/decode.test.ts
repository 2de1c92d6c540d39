import { describe, expect, it } from 'vitest';
import { MeterProvider, MetricReader, AggregationTemporality, AggregationType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { DEFAULT_INGEST_LIMITS, type MetricBatch } from '../../model/index.js';
import { decodeMetricsJson, decodeMetricsProtobuf, DeltaAccumulator } from './index.js';
import { translateMetrics } from './translate.js';
import { parseMetricsProtobuf } from './protobuf.js';
import { isStaleNaN } from '../../store/metrics/batch-builder.js';

class TestReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

const ctx = { tenant: 't1', limits: DEFAULT_INGEST_LIMITS };

function samples(b: MetricBatch): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < b.count; i++) {
    const s = b.series[b.seriesIndex[i]!]!;
    const key = s.labels.map(([k, v]) => `${k}=${v}`).join(',');
    out.set(key, [...(out.get(key) ?? []), b.value[i]!]);
  }
  return out;
}

async function collect(temporality: AggregationTemporality, exp = false): Promise<ResourceMetrics> {
  const reader = new TestReader({
    aggregationTemporalitySelector: () => temporality,
    ...(exp ? { aggregationSelector: () => ({ type: AggregationType.EXPONENTIAL_HISTOGRAM }) } : {}),
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.namespace': 'shop', 'service.instance.id': 'i-1', 'host.name': 'h1' }),
    readers: [reader],
  });
  const meter = provider.getMeter('my.scope', '1.2.3');
  meter.createCounter('http.server.requests', { unit: '{request}' }).add(5, { 'http.method': 'GET', '1bad': 'x' });
  meter.createUpDownCounter('queue.size').add(-3);
  meter.createHistogram('http.server.duration', { unit: 'ms' }).record(7, { route: '/a' });
  meter.createObservableGauge('cpu.utilization', { unit: '1' }).addCallback((r) => r.observe(0.25));
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

describe('OTLP metrics to Prometheus series', () => {
  it('maps the SDK export (protobuf and JSON alike) by the compatibility rules', async () => {
    const rm = await collect(AggregationTemporality.CUMULATIVE);
    const pb = ProtobufMetricsSerializer.serializeRequest(rm)!;
    const json = JSON.parse(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(rm)!));
    const a = decodeMetricsProtobuf(pb, ctx);
    const b = decodeMetricsJson(json, ctx);
    expect(a.rejected).toBe(0);
    expect(samples(a.batch)).toEqual(samples(b.batch));
    const s = samples(a.batch);
    const base = 'instance=i-1,job=shop/checkout,otel_scope_name=my.scope,otel_scope_version=1.2.3';
    const keys = [...s.keys()];
    expect(keys).toContain(`__name__=http_server_requests_total,http_method=GET,instance=i-1,job=shop/checkout,key_1bad=x,otel_scope_name=my.scope,otel_scope_version=1.2.3`);
    expect(s.get(`__name__=queue_size,${base}`)).toEqual([-3]);
    expect(s.get(`__name__=cpu_utilization_ratio,${base}`)).toEqual([0.25]);
    expect(s.get(`__name__=http_server_duration_milliseconds_count,${base},route=/a`)).toEqual([1]);
    expect(s.get(`__name__=http_server_duration_milliseconds_sum,${base},route=/a`)).toEqual([7]);
    const sorted = (k: string): string => k.split(',').sort((x, y) => (x.split('=')[0]! < y.split('=')[0]! ? -1 : 1)).join(',');
    expect(s.get(sorted(`__name__=http_server_duration_milliseconds_bucket,${base},le=5,route=/a`))).toEqual([0]);
    expect(s.get(sorted(`__name__=http_server_duration_milliseconds_bucket,${base},le=10,route=/a`))).toEqual([1]);
    expect(s.get(sorted(`__name__=http_server_duration_milliseconds_bucket,${base},le=+Inf,route=/a`))).toEqual([1]);
    expect(s.get('__name__=target_info,host_name=h1,instance=i-1,job=shop/checkout')).toEqual([1]);
    const target = a.batch.series.find((x) => x.labels[0]![1] === 'http_server_requests_total');
    expect(target?.type).toBe('counter');
  });

  it('accumulates delta sums and histograms to cumulative', async () => {
    const rm = await collect(AggregationTemporality.DELTA);
    const pb = ProtobufMetricsSerializer.serializeRequest(rm)!;
    const delta = new DeltaAccumulator();
    const first = samples(translateMetrics(parseMetricsProtobuf(pb), ctx, { delta }).batch);
    const second = samples(translateMetrics(parseMetricsProtobuf(pb), ctx, { delta }).batch);
    const k = [...first.keys()].find((x) => x.startsWith('__name__=http_server_requests_total'))!;
    expect(first.get(k)).toEqual([5]);
    expect(second.get(k)).toEqual([10]);
    const c = [...second.keys()].find((x) => x.startsWith('__name__=http_server_duration_milliseconds_count'))!;
    expect(second.get(c)).toEqual([2]);
  });

  it('turns exponential histograms into classic buckets', async () => {
    const rm = await collect(AggregationTemporality.CUMULATIVE, true);
    const s = samples(decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(rm)!, ctx).batch);
    const buckets = [...s.entries()].filter(([k]) => k.includes('http_server_duration_milliseconds_bucket'));
    const inf = buckets.find(([k]) => k.includes('le=+Inf'))!;
    expect(inf[1]).toEqual([1]);
    // the bucket holding 7 has an upper bound >= 7, and the one below it is < 7
    const withBound = buckets.filter(([k]) => !k.includes('le=+Inf')).map(([k, v]) => [Number(/le=([^,]+)/.exec(k)![1]), v[0]!] as const).sort((x, y) => x[0] - y[0]);
    const firstOne = withBound.find(([, v]) => v === 1)!;
    expect(firstOne[0]).toBeGreaterThanOrEqual(7);
    expect(withBound.filter(([b]) => b < 7).every(([, v]) => v === 0)).toBe(true);
  });

  it('writes a staleness marker for no-recorded-value points and rejects bad bodies with a path', () => {
    const body = {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: '1700000000000000000', asDouble: 1, flags: 1 }] } }] }] }],
    };
    const r = decodeMetricsJson(body, ctx);
    expect(r.batch.timestampMs[0]).toBe(1700000000000);
    expect(isStaleNaN(r.batch.value[0]!)).toBe(true);
    expect(() => decodeMetricsJson({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ asDouble: 'x' }] } }] }] }] }, ctx)).toThrow(
      /resourceMetrics\[0\]\.scopeMetrics\[0\]\.metrics\[0\]\.gauge\.dataPoints\[0\]\.asDouble/,
    );
    expect(() => decodeMetricsProtobuf(new Uint8Array([0x0a, 0x05, 0x12, 0x10]), ctx)).toThrow(/resourceMetrics\[0\]/);
  });
});
