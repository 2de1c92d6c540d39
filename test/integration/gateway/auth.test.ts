/** Login, tokens (expired, malformed, wrongly signed, revoked), key lifecycle, brute-force limits, audit. */
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, PASSWORD, apiKey, startGateway, userToken, type TestGateway } from './helpers.js';

describe('gateway authentication', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ rateLimits: { login: { perAddress: { ratePerSecond: 0.01, burst: 100 }, perUsername: { ratePerSecond: 0.01, burst: 3 } } } });
  });
  afterAll(async () => gw?.stop());

  it('refuses expired, malformed and wrongly signed JWTs with 401 and a reason', async () => {
    const key = new TextEncoder().encode('not-the-server-secret-but-long-enough-0123');
    const base = { sub: 'x', tenant: 'default', role: 'admin', iss: 'pointer', aud: 'pointer' };
    const wrongSig = await new jose.SignJWT({ ...base, exp: Math.floor(Date.now() / 1000) + 600 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const cases: [string, string][] = [
      [wrongSig, 'bad signature'],
      ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LWEtc2ln', 'bad signature'],
      ['eyJub3QganNvbg.eyJ4IjoxfQ.AAAA', 'malformed'],
    ];
    for (const [token, reason] of cases) {
      const r = await gw.call('GET', '/api/v1/auth/me', { token });
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'PTR_ERR_UNAUTHENTICATED', details: { reason } });
    }
    const none = await gw.call('GET', '/api/v1/auth/me');
    expect(none.body.error.details.reason).toBe('missing');
  });

  it('logout revokes the token; a password change ends all sessions', async () => {
    const { token, id } = await userToken(gw, 'sessions', 'editor');
    const second = (await gw.call('POST', '/api/v1/auth/login', { body: { username: 'sessions', password: PASSWORD } })).body.token;
    expect((await gw.call('POST', '/api/v1/auth/logout', { token })).status).toBe(200);
    expect((await gw.call('GET', '/api/v1/auth/me', { token })).body.error.details.reason).toBe('revoked');
    expect((await gw.call('GET', '/api/v1/auth/me', { token: second })).status).toBe(200);
    expect((await gw.call('PATCH', `/api/v1/users/${id}`, { token: ADMIN_TOKEN, body: { password: 'another long password' } })).status).toBe(200);
    expect((await gw.call('GET', '/api/v1/auth/me', { token: second })).status).toBe(401);
    const fresh = await gw.call('POST', '/api/v1/auth/login', { body: { username: 'sessions', password: 'another long password' } });
    expect((await gw.call('GET', '/api/v1/auth/me', { token: fresh.body.token })).status).toBe(200);
  });

  it('a role change applies at once to existing tokens', async () => {
    const { token, id } = await userToken(gw, 'promoted', 'viewer');
    expect((await gw.call('GET', '/api/v1/users', { token })).status).toBe(403);
    await gw.call('PATCH', `/api/v1/users/${id}`, { token: ADMIN_TOKEN, body: { role: 'admin' } });
    expect((await gw.call('GET', '/api/v1/users', { token })).status).toBe(200);
  });

  it('API keys are shown once, stored hashed, bound to a tenant and revocable', async () => {
    const { key, id } = await apiKey(gw, ['read']);
    const list = await gw.call('GET', '/api/v1/keys', { token: ADMIN_TOKEN });
    const listed = list.body.keys.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({ scopes: ['read'], tenant: 'default' });
    expect(JSON.stringify(list.body)).not.toContain(key.slice(-20));
    expect((await gw.call('GET', '/api/v1/status', { token: key })).status).toBe(200);
    // Grafana's way: basic auth with the key as password.
    const basic = await fetch(`${gw.url}/api/v1/status`, { headers: { authorization: `Basic ${Buffer.from(`grafana:${key}`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect((await gw.call('GET', '/api/v1/users', { token: key })).status).toBe(403);
    expect((await gw.call('DELETE', `/api/v1/keys/${id}`, { token: ADMIN_TOKEN })).body.revokedAt).not.toBeNull();
    const r = await gw.call('GET', '/api/v1/status', { token: key });
    expect(r.status).toBe(401);
    expect(r.body.error.details.reason).toBe('revoked');
  });

  it('rate-limits brute-force login attempts with 429 and Retry-After', async () => {
    await userToken(gw, 'victim', 'viewer');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await gw.call('POST', '/api/v1/auth/login', { body: { username: 'victim', password: `guess-${i}-xxxxxxxx` } });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    // userToken's login used one attempt of the burst of 3.
    expect(statuses).toEqual([401, 401, 429, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits: the bucket is per user name.
    expect((await gw.call('POST', '/api/v1/auth/login', { body: { username: 'victim', password: PASSWORD } })).status).toBe(429);
  });

  it('audits every mutation with who, what, when, where, before and after; secrets never appear', async () => {
    const { id } = await userToken(gw, 'audited', 'viewer');
    await gw.call('PATCH', `/api/v1/users/${id}`, { token: ADMIN_TOKEN, body: { role: 'editor', password: 'yet another password' } });
    const r = await gw.call('GET', '/api/v1/audit?action=user.update&limit=5', { token: ADMIN_TOKEN });
    const rec = r.body.records.find((x: { targetId: string }) => x.targetId === id);
    expect(rec).toMatchObject({ actor: 'admin token (admin-token)', actorKind: 'admin-token', action: 'user.update', targetType: 'user', before: { role: 'viewer' }, after: { role: 'editor', passwordChanged: true } });
    expect(rec.sourceIp).toMatch(/127\.0\.0\.1/);
    expect(Date.parse(rec.at)).toBeGreaterThan(Date.now() - 60_000);
    const all = JSON.stringify((await gw.call('GET', '/api/v1/audit?limit=1000', { token: ADMIN_TOKEN })).body);
    expect(all).not.toMatch(/argon2|secretHash|passwordHash|yet another password/);
  });

  it('validation errors name the field', async () => {
    const r = await gw.call('POST', '/api/v1/keys', { token: ADMIN_TOKEN, body: { name: 'x', scopes: ['root'] } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PTR_ERR_VALIDATION');
    expect(r.body.error.message).toContain('body.scopes.0');
  });
});
