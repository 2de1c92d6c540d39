/**
 * Live tail end to end: the OpenTelemetry JS SDK's trace exporter (and OTLP/HTTP JSON for logs)
 * sends to the ingest role;
 * the SDK's tail iterator on the gateway's WebSocket receives the items within 1 s of the
 * exporter's acknowledgement, filtered, and only for the subscriber's tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PointerClient, type TailEvent } from '@pointer/sdk';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { apiKey, startGateway, userToken, type TestGateway } from './helpers.js';

/** Collects events from a tail until `want` returns true or `ms` pass; records arrival times. */
async function collect(it: AsyncIterator<TailEvent>, want: (evs: TailEvent[]) => boolean, ms: number): Promise<{ events: TailEvent[]; at: number[] }> {
  const events: TailEvent[] = [];
  const at: number[] = [];
  const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
  for (;;) {
    const next = await Promise.race([it.next(), deadline]);
    if (next === 'timeout' || next.done) break;
    events.push(next.value);
    at.push(performance.now());
    if (want(events)) break;
  }
  return { events, at };
}

describe('live tail over WebSocket', () => {
  let gw: TestGateway;
  let otlpHttp: string;
  let ingestA: string;
  let ingestB: string;

  beforeAll(async () => {
    gw = await startGateway({ auth: { adminToken: 'test-admin-token-0123456789abcdef', anonymousLoopbackIngest: false } }, ['all']);
    otlpHttp = `http://${gw.server.listeners.get('otlp-http')}`;
    ingestA = (await apiKey(gw, ['ingest'], 'tenant-a')).key;
    ingestB = (await apiKey(gw, ['ingest'], 'tenant-b')).key;
  });
  afterAll(async () => gw?.stop());

  const tracer = (key: string, service: string) => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces`, headers: { authorization: `Bearer ${key}` } }))],
    });
    return provider;
  };

  it('spans reach a filtered subscriber within 1 s of the acknowledgement; other tenants see nothing', async () => {
    const readerA = new PointerClient({ url: gw.url, token: (await apiKey(gw, ['read'], 'tenant-a')).key });
    const readerB = new PointerClient({ url: gw.url, token: (await userToken(gw, 'tail-b', 'viewer', 'tenant-b')).token });
    const tailA = readerA.tail({ signal: 'spans', filters: { service: 'checkout', text: 'pay' } });
    const tailB = readerB.tail({ signal: 'spans' });
    await Promise.all([tailA.ready(), tailB.ready()]);
    const firstA = collect(tailA, (e) => e.some((x) => x.type === 'span'), 5000);
    const firstB = collect(tailB, () => false, 2500);

    const providerA = tracer(ingestA, 'checkout');
    const t = providerA.getTracer('test');
    t.startSpan('GET /cart').end();
    t.startSpan('POST /pay', { attributes: { 'http.route': '/pay' } }).end();
    await providerA.forceFlush();
    const ackAt = performance.now();
    const got = await firstA;
    const span = got.events.find((e) => e.type === 'span');
    expect(span, 'a span within 5 s').toBeDefined();
    const latency = got.at[got.events.indexOf(span!)]! - ackAt;
    expect(latency).toBeLessThan(1000);
    expect(span).toMatchObject({ type: 'span', span: { service: 'checkout', name: 'POST /pay', attributes: { 'http.route': '/pay' } } });
    expect(got.events.filter((e) => e.type === 'span')).toHaveLength(1);
    // tenant B's subscriber saw none of tenant A's spans
    expect((await firstB).events).toEqual([]);
    await tailA.return();
    await tailB.return();
    await providerA.shutdown();
    console.log(`live tail latency after ack: ${latency.toFixed(1)} ms`);
  });

  it('logs filtered by severity reach the subscriber', async () => {
    const reader = new PointerClient({ url: gw.url, token: (await apiKey(gw, ['read'], 'tenant-b')).key });
    const tail = reader.tail({ signal: 'logs', filters: { severity: 'warn' } });
    await tail.ready();
    const done = collect(tail, (e) => e.length >= 1, 5000);
    // OTLP/HTTP JSON as the specification defines it (the JS logs SDK of this version does not
    // export from LoggerProvider.emit here, so the request is built by hand).
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: `${Date.now()}000000`, severityNumber: 9, severityText: 'INFO', body: { stringValue: 'fine' } },
                { timeUnixNano: `${Date.now()}000000`, severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'card declined' } },
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`${otlpHttp}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestB}` }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const ackAt = performance.now();
    const got = await done;
    expect(got.events).toHaveLength(1);
    expect(got.events[0]).toMatchObject({ type: 'log', log: { body: 'card declined', severityNumber: 17, service: 'billing' } });
    expect(got.at[0]! - ackAt).toBeLessThan(1000);
    await tail.return();
  });

  it('refuses a subscription without a valid credential, or without telemetry:read', async () => {
    const anon = new PointerClient({ url: gw.url });
    await expect(anon.tail({ signal: 'spans' }).next()).rejects.toMatchObject({ code: 'PTR_ERR_UNAUTHENTICATED' });
    const ingestOnly = new PointerClient({ url: gw.url, token: ingestA });
    await expect(ingestOnly.tail({ signal: 'spans' }).next()).rejects.toMatchObject({ code: 'PTR_ERR_FORBIDDEN' });
    const bad = new PointerClient({ url: gw.url, token: (await apiKey(gw, ['read'])).key });
    await expect(bad.tail({ signal: 'spans', filters: { severity: 'loud' } }).next()).rejects.toMatchObject({ code: 'PTR_ERR_VALIDATION' });
  });
});
