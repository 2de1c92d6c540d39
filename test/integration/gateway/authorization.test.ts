/**
 * Every route of the gateway server, called with no credential, with a user of every role and
 * with an API key of every scope, answers as the permission matrix (packages/server/src/auth/
 * permissions.ts, docs/security.md) says: 401 without a credential, 403 without the permission,
 * and neither otherwise. Routes are discovered from the server itself, so a new route without a
 * permission fails this test unless it is deliberately public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_AUTH, ROLE_PERMISSIONS, SCOPE_PERMISSIONS, type Permission } from '@pointer/server';
import { ADMIN_TOKEN, apiKey, startGateway, userToken, type TestGateway } from './helpers.js';

/** Routes that answer without a credential, on purpose. */
const PUBLIC = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics', 'POST /api/v1/auth/login', 'GET /api/v1/openapi.json']);
/**
 * Routes that authorize through the ingest role's IngestAuthenticator (the gateway's
 * GatewayIngestAuthenticator: the same GatewayAuth.authorize with telemetry:ingest).
 */
const viaIngestAuthenticator = (url: string): Permission | null => (url.startsWith('/api/v1/ingest/') ? 'telemetry:ingest' : null);
/** WebSocket routes authorize inside their protocol (first message / connectionParams): tail.test.ts and graphql.test.ts check them. */
const IN_PROTOCOL = new Set(['GET /api/v1/tail', 'GET /graphql']);

describe('authorization matrix over every route', () => {
  let gw: TestGateway;
  const creds: { label: string; token: string | undefined; permissions: ReadonlySet<Permission> }[] = [];

  beforeAll(async () => {
    gw = await startGateway({ auth: { adminToken: ADMIN_TOKEN, anonymousLoopbackIngest: false } }, ['all']);
    creds.push({ label: 'no credential', token: undefined, permissions: new Set() });
    for (const role of ['viewer', 'editor', 'approver', 'admin'] as const) {
      const { token } = await userToken(gw, `matrix-${role}`, role);
      creds.push({ label: `role ${role}`, token, permissions: ROLE_PERMISSIONS[role] });
    }
    for (const scope of ['ingest', 'read', 'write', 'admin'] as const) {
      const { key } = await apiKey(gw, [scope]);
      creds.push({ label: `key scope ${scope}`, token: key, permissions: new Set(SCOPE_PERMISSIONS[scope]) });
    }
    creds.push({ label: 'admin token', token: ADMIN_TOKEN, permissions: ROLE_PERMISSIONS.admin });
  });
  afterAll(async () => gw?.stop());

  /** Permission of each route: declared on the route, or seen at request time (plugin-level hooks). */
  const permissionOf = (r: { method: string; url: string; permission: Permission | null }): Permission | null =>
    r.permission ?? gw.server.runner.services.get(GATEWAY_AUTH).observed.get(`${r.method} ${r.url}`) ?? viaIngestAuthenticator(r.url);
  const pathOf = (url: string) => url.replace(/:([A-Za-z_]+)/g, 'does-not-exist').replace(/\*$/, 'x');

  it('knows the routes and every non-public route demands a permission', async () => {
    const routes = gw.server.runner.services.get(GATEWAY_AUTH).routes;
    expect(routes.length).toBeGreaterThan(10);
    // One call per route with a credential lets GatewayAuth see hooks added at plugin level.
    for (const r of routes) if (!r.url.endsWith('/logout')) await gw.call(r.method, pathOf(r.url), { token: ADMIN_TOKEN, ...(['POST', 'PUT', 'PATCH'].includes(r.method) ? { body: {} } : {}) });
    const unprotected = routes
      .filter((r) => permissionOf(r) === null && !PUBLIC.has(`${r.method} ${r.url}`) && !IN_PROTOCOL.has(`${r.method} ${r.url}`))
      .map((r) => `${r.method} ${r.url}`);
    expect(unprotected, 'routes without GatewayAuth.require(permission)').toEqual([]);
  });

  it('answers 401 / 403 / allowed exactly as the matrix says', async () => {
    // Logout revokes the session token it is called with, so it runs last.
    const routes = gw.server.runner.services
      .get(GATEWAY_AUTH)
      .routes.map((r) => ({ ...r, permission: permissionOf(r) }))
      .filter((r) => r.permission !== null)
      .sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
    const mismatches: string[] = [];
    for (const r of routes) {
      // Delete and revoke routes get an id that does not exist: allowed callers see 404, not a change.
      const path = pathOf(r.url);
      for (const c of creds) {
        const res = await gw.call(r.method, path, { token: c.token, ...(['POST', 'PUT', 'PATCH'].includes(r.method) ? { body: {} } : {}) });
        const want = c.token === undefined ? 401 : c.permissions.has(r.permission!) ? 'allowed' : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : 'allowed';
        if (want !== got) mismatches.push(`${r.method} ${r.url} [${r.permission}] as ${c.label}: want ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        if (res.status === 401 || res.status === 403) {
          // /prometheus answers in Prometheus' own envelope ({status, errorType, error: string}), as its clients expect.
          // Remote write answers plain text, as Prometheus' receiver does.
          const code =
            typeof res.body === 'string' ? (/credential|lacks permission/.test(res.body) ? 'prometheus envelope' : undefined) : typeof res.body?.error === 'string' ? (res.body.errorType ? 'prometheus envelope' : undefined) : res.body?.error?.code;
          const wantCode = res.status === 401 ? 'PTR_ERR_UNAUTHENTICATED' : 'PTR_ERR_FORBIDDEN';
          if (code !== wantCode && code !== 'prometheus envelope') mismatches.push(`${r.method} ${r.url} as ${c.label}: ${res.status} without ${wantCode}: ${JSON.stringify(res.body).slice(0, 160)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('public routes answer without a credential', async () => {
    for (const p of ['/healthz', '/api/v1/openapi.json']) expect((await gw.call('GET', p)).status).toBe(200);
  });

  it('the OpenAPI document lists each REST route with the permission it enforces', async () => {
    const doc = (await gw.call('GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/keys'].post['x-pointer-permission']).toBe('keys:manage');
    expect(doc.paths['/api/v1/keys'].post.requestBody.content['application/json'].schema.properties.scopes.items.enum).toEqual(['ingest', 'read', 'write', 'admin']);
    const enforced = new Map(gw.server.runner.services.get(GATEWAY_AUTH).routes.map((r) => [`${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`, r.permission ?? 'public']));
    for (const [path, ops] of Object.entries<any>(doc.paths)) for (const [m, op] of Object.entries<any>(ops)) expect(enforced.get(`${m.toUpperCase()} ${path}`), `${m} ${path}`).toBe(op['x-pointer-permission']);
  });
});
