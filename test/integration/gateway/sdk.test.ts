/**
 * The SDK against a running Pointer with real data: spans and logs sent over OTLP/HTTP, read
 * back through every query API the SDK wraps, with an API key of scope read; typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PointerApiError, PointerClient } from '@pointer/sdk';
import { ADMIN_TOKEN, apiKey, startGateway, type TestGateway } from './helpers.js';

describe('SDK end to end', () => {
  let gw: TestGateway;
  let client: PointerClient;
  const traceId = '71a3c2f0a1b2c3d4e5f60718293a4b5c';

  beforeAll(async () => {
    gw = await startGateway({ auth: { adminToken: ADMIN_TOKEN, anonymousLoopbackIngest: false } }, ['all']);
    const ingest = (await apiKey(gw, ['ingest'])).key;
    client = new PointerClient({ url: gw.url, token: (await apiKey(gw, ['read'])).key });
    const now = BigInt(Date.now()) * 1_000_000n;
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'sdk-svc' } }] };
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`http://${gw.server.listeners.get('otlp-http')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingest}` }, body: JSON.stringify(body) });
      expect(r.status).toBe(200);
    };
    await post('/v1/traces', { resourceSpans: [{ resource, scopeSpans: [{ spans: [{ traceId, spanId: '1a2b3c4d5e6f7081', name: 'POST /checkout', kind: 2, startTimeUnixNano: String(now - 5_000_000n), endTimeUnixNano: String(now), status: { code: 2 } }] }] }] });
    await post('/v1/logs', { resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ timeUnixNano: String(now), severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'payment timeout' }, traceId }] }] }] });
    const end = Date.now() + 30_000;
    while ((await client.traces.list({ service: 'sdk-svc' })).length === 0) {
      if (Date.now() > end) throw new Error('the trace never became readable');
      await new Promise((r) => setTimeout(r, 300));
    }
  });
  afterAll(async () => gw?.stop());

  it('reads traces through the native and the Tempo APIs', async () => {
    const [t] = await client.traces.list({ service: 'sdk-svc', status: 'error' });
    expect(t).toMatchObject({ traceId, rootServiceName: 'sdk-svc', rootSpanName: 'POST /checkout', errorCount: 1 });
    const hits = await client.traces.search({ tags: 'service.name=sdk-svc', start: new Date(Date.now() - 3_600_000), end: new Date() });
    expect(hits.map((h) => h.traceID)).toContain(traceId);
    const trace = await client.traces.get(traceId);
    expect(JSON.stringify(trace.resourceSpans)).toContain('POST /checkout');
    expect(await client.services.list()).toContain('sdk-svc');
  });

  it('reads logs through the native and the Loki APIs', async () => {
    const end = Date.now() + 20_000;
    let found = await client.logs.search({ service: 'sdk-svc', severity: 'error' });
    while (found.logs.length === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 300));
      found = await client.logs.search({ service: 'sdk-svc', severity: 'error' });
    }
    expect(JSON.stringify(found.logs[0]?.record)).toContain('payment timeout');
    const loki = await client.logs.query('{service_name="sdk-svc"} |= "timeout"', { start: new Date(Date.now() - 3_600_000), end: new Date() });
    expect(loki.resultType).toBe('streams');
    expect(JSON.stringify(loki.result)).toContain('payment timeout');
  });

  it('runs PromQL and surfaces server errors as typed errors with the code', async () => {
    const r = await client.metrics.query('vector(1) + vector(1)');
    expect(r.resultType).toBe('vector');
    if (r.resultType === 'vector') expect(r.result[0]?.value[1]).toBe('2');
    const err = await client.metrics.query('sum(').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PointerApiError);
    expect((err as PointerApiError).status).toBe(400);
    const forbidden = await client.keys.list().catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'PTR_ERR_FORBIDDEN', status: 403 });
  });
});
