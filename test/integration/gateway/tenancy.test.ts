/**
 * Tenant A cannot read or change tenant B's objects through any API: users, keys, audit, and
 * (further below, where they exist) GraphQL, the WebSocket live tail and the compatibility APIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, apiKey, startGateway, userToken, type TestGateway } from './helpers.js';

describe('tenancy over REST', () => {
  let gw: TestGateway;
  let a: { token: string; id: string };
  let b: { token: string; id: string };
  let bKey: { key: string; id: string };

  beforeAll(async () => {
    gw = await startGateway();
    a = await userToken(gw, 'admin-a', 'admin', 'tenant-a');
    b = await userToken(gw, 'admin-b', 'admin', 'tenant-b');
    bKey = await apiKey(gw, ['admin'], 'tenant-b');
  });
  afterAll(async () => gw?.stop());

  it('lists only the caller tenant\'s users and keys', async () => {
    const users = (await gw.call('GET', '/api/v1/users', { token: a.token })).body.users.map((u: { username: string }) => u.username);
    expect(users).toEqual(['admin-a']);
    const keys = (await gw.call('GET', '/api/v1/keys', { token: a.token })).body.keys;
    expect(keys).toEqual([]);
  });

  it('another tenant\'s objects are not found, not changed', async () => {
    expect((await gw.call('GET', `/api/v1/users/${b.id}`, { token: a.token })).status).toBe(404);
    expect((await gw.call('PATCH', `/api/v1/users/${b.id}`, { token: a.token, body: { role: 'viewer' } })).status).toBe(404);
    expect((await gw.call('DELETE', `/api/v1/users/${b.id}`, { token: a.token })).status).toBe(404);
    expect((await gw.call('DELETE', `/api/v1/keys/${bKey.id}`, { token: a.token })).status).toBe(404);
    expect((await gw.call('GET', '/api/v1/auth/me', { token: bKey.key })).status).toBe(200);
    expect((await gw.call('GET', `/api/v1/users/${b.id}`, { token: b.token })).body.role).toBe('admin');
  });

  it('keys and tokens cannot switch tenant with x-pointer-tenant (only the admin token may)', async () => {
    const me = await gw.call('GET', '/api/v1/auth/me', { token: bKey.key, headers: { 'x-pointer-tenant': 'tenant-a' } });
    expect(me.body.tenant).toBe('tenant-b');
    const users = await gw.call('GET', '/api/v1/users', { token: a.token, headers: { 'x-pointer-tenant': 'tenant-b' } });
    expect(users.body.users.map((u: { username: string }) => u.username)).toEqual(['admin-a']);
    const admin = await gw.call('GET', '/api/v1/users', { token: ADMIN_TOKEN, headers: { 'x-pointer-tenant': 'tenant-b' } });
    expect(admin.body.users.map((u: { username: string }) => u.username)).toEqual(['admin-b']);
  });

  it('audit trails are per tenant', async () => {
    await gw.call('POST', '/api/v1/keys', { token: b.token, body: { name: 'b-secret-project', scopes: ['read'] } });
    const trail = JSON.stringify((await gw.call('GET', '/api/v1/audit?limit=1000', { token: a.token })).body);
    expect(trail).not.toContain('b-secret-project');
    expect(trail).not.toContain('admin-b');
  });
});

describe('tenancy over the compatibility APIs (Tempo, Loki, Prometheus) as Grafana calls them', () => {
  let gw: TestGateway;
  let readA: string;
  let readB: string;
  let post: (path: string, body: unknown) => Promise<void>;
  let resource: unknown;
  let now: bigint;
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  const waitFor = async (what: string, probe: () => Promise<boolean>, ms = 30_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > end) throw new Error(`tenant A never saw its own ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  /** Grafana sends API keys as the basic-auth password. */
  const grafana = (key: string, path: string) => fetch(gw.url + path, { headers: { authorization: `Basic ${Buffer.from(`grafana:${key}`).toString('base64')}` } });

  beforeAll(async () => {
    gw = await startGateway({ auth: { adminToken: ADMIN_TOKEN, anonymousLoopbackIngest: false } }, ['all']);
    const ingestA = (await apiKey(gw, ['ingest'], 'tenant-a')).key;
    readA = (await apiKey(gw, ['read'], 'tenant-a')).key;
    readB = (await apiKey(gw, ['read'], 'tenant-b')).key;
    const otlp = `http://${gw.server.listeners.get('otlp-http')}`;
    resource = { attributes: [{ key: 'service.name', value: { stringValue: 'tenancy-svc' } }] };
    now = BigInt(Date.now()) * 1_000_000n;
    post = async (path: string, body: unknown) => {
      const r = await fetch(otlp + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestA}` }, body: JSON.stringify(body) });
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    };
    await post('/v1/traces', { resourceSpans: [{ resource, scopeSpans: [{ spans: [{ traceId, spanId: '00f067aa0ba902b7', name: 'GET /secret', kind: 2, startTimeUnixNano: String(now - 1_000_000n), endTimeUnixNano: String(now) }] }] }] });
    await post('/v1/logs', { resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ timeUnixNano: String(now), severityNumber: 9, body: { stringValue: 'tenant a secret line' } }] }] }] });
  });
  afterAll(async () => gw?.stop());

  it('Tempo: B cannot fetch or find A\'s trace', async () => {
    await waitFor('trace', async () => (await grafana(readA, `/tempo/api/v2/traces/${traceId}`)).status === 200);
    expect((await grafana(readB, `/tempo/api/v2/traces/${traceId}`)).status).toBe(404);
    const search = (await (await grafana(readB, '/tempo/api/search?tags=service.name%3Dtenancy-svc')).json()) as { traces: unknown[] };
    expect(search.traces).toEqual([]);
  });

  it('Loki: B does not see A\'s log lines', async () => {
    const q = `/loki/api/v1/query_range?query=${encodeURIComponent('{service_name="tenancy-svc"}')}&limit=10`;
    await waitFor('logs', async () => JSON.stringify(await (await grafana(readA, q)).json()).includes('tenant a secret line'));
    const b = await (await grafana(readB, q)).json();
    expect(JSON.stringify(b)).not.toContain('secret');
  });

  it('Prometheus: B does not see A\'s series', async () => {
    // Fails loudly while no role in `all` consumes the bus topic `metrics` (the metrics-writer module).
    await post('/v1/metrics', { resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [{ name: 'tenancy_probe', gauge: { dataPoints: [{ asDouble: 42, timeUnixNano: String(now) }] } }] }] }] });
    const q = `/prometheus/api/v1/query?query=tenancy_probe`;
    await waitFor('metric', async () => JSON.stringify(await (await grafana(readA, q)).json()).includes('42'));
    const b = (await (await grafana(readB, q)).json()) as { data: { result: unknown[] } };
    expect(b.data.result).toEqual([]);
    const names = (await (await grafana(readB, '/prometheus/api/v1/label/__name__/values')).json()) as { data: string[] };
    expect(names.data).not.toContain('tenancy_probe');
  });
});
