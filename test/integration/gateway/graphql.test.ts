/** GraphQL over HTTP (queries, mutations, RBAC, tenancy, depth and cost limits) and graphql-ws subscriptions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN_TOKEN, apiKey, startGateway, userToken, type TestGateway } from './helpers.js';

describe('GraphQL', () => {
  let gw: TestGateway;
  let adminA: string;
  let viewerA: string;
  let adminB: string;
  const gql = async (token: string, query: string, variables?: Record<string, unknown>) => (await gw.call('POST', '/graphql', { token, body: { query, variables } })).body;

  beforeAll(async () => {
    gw = await startGateway({ gateway: { addr: '127.0.0.1:0', graphql: { maxDepth: 2, maxCost: 300 } } }, ['all']);
    adminA = (await userToken(gw, 'gql-admin-a', 'admin', 'tenant-a')).token;
    viewerA = (await userToken(gw, 'gql-viewer-a', 'viewer', 'tenant-a')).token;
    adminB = (await userToken(gw, 'gql-admin-b', 'admin', 'tenant-b')).token;
  });
  afterAll(async () => gw?.stop());

  it('answers queries and mutations through the same RBAC, tenancy and audit as REST', async () => {
    const me = await gql(viewerA, '{ me { name tenant role permissions } }');
    expect(me.data.me).toMatchObject({ name: 'gql-viewer-a', tenant: 'tenant-a', role: 'viewer' });
    const denied = await gql(viewerA, '{ users { username } }');
    expect(denied.errors[0].extensions.code).toBe('PTR_ERR_FORBIDDEN');
    const users = await gql(adminA, '{ users { username role } }');
    expect(users.data.users.map((u: { username: string }) => u.username).sort()).toEqual(['gql-admin-a', 'gql-viewer-a']);
    const created = await gql(adminA, 'mutation($n: String!) { createApiKey(name: $n, scopes: [read]) { id key tenant } }', { n: 'from-graphql' });
    expect(created.data.createApiKey.key).toMatch(/^ptrk_/);
    expect(created.data.createApiKey.tenant).toBe('tenant-a');
    const keysB = await gql(adminB, '{ apiKeys { id } }');
    expect(keysB.data.apiKeys).toEqual([]);
    const revokeOther = await gql(adminB, `mutation { revokeApiKey(id: "${created.data.createApiKey.id}") { id } }`);
    expect(revokeOther.errors[0].extensions.code).toBe('PTR_ERR_NOT_FOUND');
    const audit = await gql(adminA, '{ audit(limit: 5, action: "key.create") { actor action targetId } }');
    expect(audit.data.audit[0]).toMatchObject({ action: 'key.create', targetId: created.data.createApiKey.id });
    expect((await gw.call('POST', '/graphql', { body: { query: '{ me { name } }' } })).status).toBe(401);
  });

  it('refuses queries deeper or costlier than the limits before running them', async () => {
    const shallow = await gql(adminA, '{ status { version } me { name } }');
    expect(shallow.errors).toBeUndefined();
    // depth 3 through a fragment: status > modules > module
    const tooDeep = await gql(adminA, 'query { me { name } ...F } fragment F on Query { status { modules { module } } }');
    expect(tooDeep.errors[0].extensions).toMatchObject({ code: 'PTR_ERR_QUERY_TOO_COMPLEX', depth: 3, maxDepth: 2 });
    expect(tooDeep.data).toBeUndefined();
    const costly = await gql(adminA, '{ audit(limit: 100) { seq at actor action targetType } }');
    expect(costly.errors[0].extensions).toMatchObject({ code: 'PTR_ERR_QUERY_TOO_COMPLEX', cost: 501, maxCost: 300 });
    const invalid = await gql(adminA, '{ nope }');
    expect(invalid.errors[0].extensions.code).toBe('PTR_ERR_QUERY');
  });

  it('streams spans over graphql-ws subscriptions, per tenant', async () => {
    const ingestA = (await apiKey(gw, ['ingest'], 'tenant-a')).key;
    const wsUrl = gw.url.replace('http', 'ws') + '/graphql';
    const clientA = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { token: adminA }, retryAttempts: 0 });
    const clientB = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { token: adminB }, retryAttempts: 0 });
    const seenB: unknown[] = [];
    const stopB = clientB.subscribe({ query: 'subscription { spans { name } }' }, { next: (v) => seenB.push(v), error: () => undefined, complete: () => undefined });
    const got = new Promise<any>((resolve, reject) => {
      clientA.subscribe({ query: 'subscription { spans(filter: { service: "gql-svc" }) { name service attributes } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    const otlp = `http://${gw.server.listeners.get('otlp-http')}/v1/traces`;
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'gql-svc' } }] },
          scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /gql', kind: 2, startTimeUnixNano: '1', endTimeUnixNano: '2', attributes: [{ key: 'k', value: { stringValue: 'v' } }] }] }],
        },
      ],
    });
    // The subscription is live once the server processed `subscribe`; send until it sees a span.
    let result: any;
    for (let i = 0; i < 20 && !result; i++) {
      await fetch(otlp, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestA}` }, body });
      result = await Promise.race([got, new Promise((r) => setTimeout(() => r(undefined), 500))]);
    }
    expect(result.data.spans).toMatchObject({ name: 'GET /gql', service: 'gql-svc' });
    expect(JSON.parse(result.data.spans.attributes)).toEqual({ k: 'v' });
    expect(seenB).toEqual([]);
    stopB();
    await clientA.dispose();
    await clientB.dispose();
  });

  it('refuses a graphql-ws connection without a valid credential', async () => {
    const client = createClient({ url: gw.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { token: 'wrong' }, retryAttempts: 0 });
    const outcome = await new Promise((resolve) => client.subscribe({ query: 'subscription { spans { name } }' }, { next: () => resolve('data'), error: (e) => resolve(e), complete: () => resolve('complete') }));
    expect(outcome).not.toBe('data');
    await client.dispose();
    void ADMIN_TOKEN;
  });
});
