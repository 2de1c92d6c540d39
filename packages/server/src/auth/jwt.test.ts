import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../config/index.js';
import { openRelationalStore, type RelationalStore } from '../store/relational/index.js';
import { createJwtService } from './jwt.js';

const jwtCfg = (over: Record<string, unknown> = {}) => configSchema.parse({ auth: { jwt: over } }).auth.jwt;

describe('JWT service', () => {
  let store: RelationalStore;
  const dir = mkdtempSync(join(tmpdir(), 'ptr-jwt-'));
  beforeAll(async () => {
    store = await openRelationalStore({ backend: 'sqlite', file: join(dir, 'p.sqlite') });
  });
  afterAll(async () => store.close());

  it('HS256: generates one secret, kept in the store; tokens verify across instances', async () => {
    const a = await createJwtService(jwtCfg(), store);
    const b = await createJwtService(jwtCfg(), store);
    const t = await a.issue({ subject: 'u1', tenant: 'acme', role: 'editor' });
    await expect(b.verify(t.token)).resolves.toMatchObject({ subject: 'u1', tenant: 'acme', role: 'editor', issuer: 'pointer', jti: t.jti });
  });

  it('refuses expired, wrongly signed, malformed and wrong-audience tokens with a reason', async () => {
    const svc = await createJwtService(jwtCfg(), store);
    const other = new TextEncoder().encode('x'.repeat(40));
    const sign = (claims: jose.JWTPayload, key: Uint8Array = other) => new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const wrong = await sign({ sub: 'u', tenant: 'a', role: 'admin', iss: 'pointer', aud: 'pointer', exp: Math.floor(Date.now() / 1000) + 60 });
    await expect(svc.verify(wrong)).rejects.toMatchObject({ code: 'PTR_ERR_UNAUTHENTICATED', details: { reason: 'bad signature' } });
    await expect(svc.verify('eyJhbGciOi.not.atoken')).rejects.toMatchObject({ code: 'PTR_ERR_UNAUTHENTICATED', details: { reason: 'malformed' } });
    const shortLived = await createJwtService(jwtCfg({ secret: 'y'.repeat(40) }), store);
    const expired = await sign({ sub: 'u', tenant: 'a', role: 'admin', iss: 'pointer', aud: 'pointer', exp: Math.floor(Date.now() / 1000) - 60 }, new TextEncoder().encode('y'.repeat(40)));
    await expect(shortLived.verify(expired)).rejects.toMatchObject({ details: { reason: 'expired' } });
    const wrongAud = await sign({ sub: 'u', tenant: 'a', role: 'admin', iss: 'pointer', aud: 'else', exp: Math.floor(Date.now() / 1000) + 60 }, new TextEncoder().encode('y'.repeat(40)));
    await expect(shortLived.verify(wrongAud)).rejects.toMatchObject({ details: { reason: 'claim', claim: 'aud' } });
    const noRole = await sign({ sub: 'u', tenant: 'a', iss: 'pointer', aud: 'pointer', exp: Math.floor(Date.now() / 1000) + 60 }, new TextEncoder().encode('y'.repeat(40)));
    await expect(shortLived.verify(noRole)).rejects.toMatchObject({ code: 'PTR_ERR_UNAUTHENTICATED' });
  });

  it('RS256 and ES256 with configured keys; the public key alone verifies but cannot issue', async () => {
    for (const [alg, type, opts] of [
      ['RS256', 'rsa', { modulusLength: 2048 }],
      ['ES256', 'ec', { namedCurve: 'P-256' }],
    ] as const) {
      const { privateKey, publicKey } = generateKeyPairSync(type as 'rsa', opts as never);
      const priv = join(dir, `${alg}.key`);
      const pub = join(dir, `${alg}.pub`);
      writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
      const signer = await createJwtService(jwtCfg({ algorithm: alg, privateKeyFile: priv }), store);
      const verifier = await createJwtService(jwtCfg({ algorithm: alg, publicKeyFile: pub }), store);
      const t = await signer.issue({ subject: 's', tenant: 't', role: 'viewer' });
      expect(t.token.split('.')[0]).toBe(Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url'));
      await expect(verifier.verify(t.token)).resolves.toMatchObject({ subject: 's', role: 'viewer' });
      expect(verifier.canIssue).toBe(false);
      await expect(verifier.issue({ subject: 's', tenant: 't', role: 'viewer' })).rejects.toMatchObject({ code: 'PTR_ERR_FORBIDDEN' });
    }
  });

  it('accepts tokens of an external identity provider through its JWKS URL, with tenant and role claims', async () => {
    const { createServer } = await import('node:http');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;
      const svc = await createJwtService(jwtCfg({ algorithm: 'ES256', jwksUrl: url, issuer: 'https://idp.example', audience: 'pointer', tenantClaim: 'org', roleClaim: 'pointer_role' }), store);
      expect(svc.canIssue).toBe(false);
      const sign = (claims: jose.JWTPayload) =>
        new jose.SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setIssuer('https://idp.example').setAudience('pointer').setSubject('sso|42').setExpirationTime('5m').sign(privateKey);
      await expect(svc.verify(await sign({ org: 'acme', pointer_role: 'approver' }))).resolves.toMatchObject({ subject: 'sso|42', tenant: 'acme', role: 'approver', issuer: 'external' });
      await expect(svc.verify(await sign({ org: 'acme', pointer_role: 'root' }))).rejects.toMatchObject({ code: 'PTR_ERR_UNAUTHENTICATED' });
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const forged = await new jose.SignJWT({ org: 'acme', pointer_role: 'admin' }).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setIssuer('https://idp.example').setAudience('pointer').setSubject('x').setExpirationTime('5m').sign(other);
      await expect(svc.verify(forged)).rejects.toMatchObject({ details: { reason: 'bad signature' } });
    } finally {
      server.close();
    }
  });

  it('refuses a configuration without keys for RS256', async () => {
    await expect(createJwtService(jwtCfg({ algorithm: 'RS256' }), store)).rejects.toMatchObject({ code: 'PTR_ERR_CONFIG_INVALID' });
  });
});
