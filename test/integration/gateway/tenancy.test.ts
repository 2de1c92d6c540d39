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
