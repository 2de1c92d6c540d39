/**
 * The native JSON ingest API on the gateway port, and tenancy: loopback without a key goes to
 * `default`; off loopback a credential is required (401 / UNAUTHENTICATED).
 */
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { OTLPTraceExporter as GrpcTraces } from '@opentelemetry/exporter-trace-otlp-grpc';
import { Metadata } from '@grpc/grpc-js';
import { spanBatchToJson } from '@pointer/server';
import { sdkSpans } from './sdk-telemetry.js';
import { ADMIN, startIngest, type IngestHarness } from './harness.js';

let h: IngestHarness;
beforeAll(async () => {
  h = await startIngest();
});
afterAll(async () => {
  await h?.stop();
});

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(h.gateway + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const span = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  name: 'GET /checkout',
  service: 'shop',
  kind: 'server',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: 1700000000250000000,
  status: { code: 'error', message: 'timeout' },
  attributes: { 'http.route': '/checkout', 'http.status_code': 504, retry: true, ratio: 0.5, tags: ['a', 'b'] },
  resource: { 'deployment.environment': 'prod' },
  events: [{ name: 'retry', timeUnixNano: '1700000000100000000', attributes: { attempt: 2 } }],
  links: [{ traceId: '1af7651916cd43dd8448eb211c80319c', spanId: 'c7ad6b7169203331' }],
};

describe('native JSON ingest API', () => {
  it('takes flat spans and publishes them as OTLP would', async () => {
    h.clear();
    const res = await postJson('/api/v1/ingest/traces', { spans: [span, { ...span, spanId: 'b7ad6b7169203332', parentSpanId: 'b7ad6b7169203331', status: undefined, kind: 'client' }] });
    expect(res).toEqual({ status: 200, body: { accepted: 2, rejected: 0, errors: [] } });
    const b = h.recorded.spans[0]!;
    const json = spanBatchToJson(b) as any;
    const s0 = json.resourceSpans[0].scopeSpans[0].spans[0];
    expect(s0).toMatchObject({
      traceId: span.traceId, spanId: span.spanId, name: 'GET /checkout', kind: 2, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000250000000',
      status: { code: 2, message: 'timeout' },
      events: [{ name: 'retry', timeUnixNano: '1700000000100000000', attributes: [{ key: 'attempt', value: { intValue: '2' } }] }],
      links: [{ traceId: span.links[0]!.traceId, spanId: span.links[0]!.spanId }],
    });
    expect(s0.attributes).toEqual([
      { key: 'http.route', value: { stringValue: '/checkout' } },
      { key: 'http.status_code', value: { intValue: '504' } },
      { key: 'retry', value: { boolValue: true } },
      { key: 'ratio', value: { doubleValue: 0.5 } },
      { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
    ]);
    expect(b.strings[b.resources[b.resource[0]!]!.serviceName]).toBe('shop');
  });

  it('rejects invalid items with the item index and field, publishing nothing', async () => {
    h.clear();
    const res = await postJson('/api/v1/ingest/traces', { spans: [span, { ...span, traceId: 'xyz' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PTR_ERR_VALIDATION');
    expect(res.body.error.message).toBe('spans[1].traceId: expected 16 bytes as 32 hex digits');
    const zero = await postJson('/api/v1/ingest/traces', { spans: [span, { ...span, spanId: '0000000000000000' }] });
    expect(zero.body).toEqual({ accepted: 1, rejected: 1, errors: ['1 rejected: spans[1].spanId: missing or all zero'] });
    expect(h.total('spans')).toBe(1);
  });

  it('takes logs and metric samples', async () => {
    h.clear();
    const logs = await postJson('/api/v1/ingest/logs', { logs: [{ body: 'payment failed', severity: 'error', service: 'shop', attributes: { order: 'o-1' }, traceId: span.traceId, spanId: span.spanId }, { body: { structured: true } }] });
    expect(logs).toEqual({ status: 200, body: { accepted: 2, rejected: 0, errors: [] } });
    const lb = h.recorded.logs[0]!;
    expect(lb.strings[lb.body[0]!]).toBe('payment failed');
    expect(lb.severityNumber[0]).toBe(17);
    const metrics = await postJson('/api/v1/ingest/metrics', { samples: [{ name: 'queue_depth', labels: { queue: 'orders' }, value: 12, timestampMs: 1_700_000_000_000, type: 'gauge' }, { name: 'queue_depth', labels: { queue: 'orders' }, value: 'NaN' }] });
    expect(metrics).toEqual({ status: 200, body: { accepted: 2, rejected: 0, errors: [] } });
    const mb = h.recorded.metrics[0]!;
    expect(mb.series).toEqual([{ labels: [['__name__', 'queue_depth'], ['queue', 'orders']], type: 'gauge' }]);
    expect(mb.value[0]).toBe(12);
    expect(Number.isNaN(mb.value[1])).toBe(true);
    const long = await postJson('/api/v1/ingest/metrics', { samples: [{ name: 'x', value: 1 }, { name: 'x', labels: { big: 'v'.repeat(20_000) }, value: 1 }] });
    expect(long.body).toEqual({ accepted: 1, rejected: 1, errors: ['1 rejected: samples[1].labels.big: value longer than 16384 characters'] });
    const bad = await postJson('/api/v1/ingest/metrics', { samples: [{ name: 'bad name', value: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^samples\[0\]\.name: expected a Prometheus metric name/);
  });
});

function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

describe('tenancy off loopback', () => {
  it('requires a credential from a non-loopback address (HTTP 401, gRPC UNAUTHENTICATED)', async () => {
    const ext = externalAddress();
    expect(ext, 'this machine needs a non-loopback IPv4 address for this test').toBeTruthy();
    const open = await startIngest({ otlp: { httpAddr: '0.0.0.0:0', grpcAddr: '0.0.0.0:0' } });
    try {
      const port = (u: string) => u.slice(u.lastIndexOf(':') + 1);
      const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(await sdkSpans(1))!);
      const anon = await fetch(`http://${ext}:${port(open.http)}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      expect(anon.status).toBe(401);
      const keyed = await fetch(`http://${ext}:${port(open.http)}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'x-pointer-key': ADMIN, 'x-pointer-tenant': 'acme' }, body });
      expect(keyed.status).toBe(200);
      expect(open.recorded.spans.at(-1)!.tenant).toBe('acme');
      const spans = await sdkSpans(1);
      const anonGrpc = new GrpcTraces({ url: `http://${ext}:${port(open.grpc)}` });
      const r1 = await new Promise<{ code: number; error?: Error }>((resolve) => anonGrpc.export(spans, resolve));
      expect(r1.code).toBe(1);
      expect(String(r1.error?.message)).toMatch(/UNAUTHENTICATED|missing ingest credential/);
      await anonGrpc.shutdown();
      const md = new Metadata();
      md.set('authorization', `Bearer ${ADMIN}`);
      const keyedGrpc = new GrpcTraces({ url: `http://${ext}:${port(open.grpc)}`, metadata: md });
      const r2 = await new Promise<{ code: number; error?: Error }>((resolve) => keyedGrpc.export(spans, resolve));
      expect(r2.code, r2.error?.message).toBe(0);
      await keyedGrpc.shutdown();
    } finally {
      await open.stop();
    }
  });
});
