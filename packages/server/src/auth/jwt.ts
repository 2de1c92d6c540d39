/**
 * Session tokens. Login returns a JWT signed with HS256 by default: the secret is either the
 * configured one or generated once (256 bits) and kept in the relational store, so every
 * gateway replica shares it; it is never logged. RS256/ES256 sign with a configured PKCS#8 key;
 * tokens from an external identity provider verify against a public key or a JWKS URL.
 * Verification answers with a precise reason: malformed, bad signature, expired, wrong claim.
 */
import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import { ptrError, type PtrError } from '../errors/index.js';
import type { PointerConfig } from '../config/index.js';
import { parseDuration } from '../config/index.js';
import type { RelationalStore, Role } from '../store/relational/index.js';
import { isRole } from './permissions.js';
import { TENANT_PATTERN } from './principal.js';

export interface VerifiedToken {
  subject: string;
  tenant: string;
  role: Role;
  jti: string;
  expiresAt: number;
  issuedAtMs: number;
  /** Signed by this Pointer (a user of the relational store) or by an external provider. */
  issuer: 'pointer' | 'external';
}

export interface IssuedToken {
  token: string;
  jti: string;
  expiresAt: number;
}

export interface JwtService {
  readonly canIssue: boolean;
  issue(claims: { subject: string; tenant: string; role: Role }): Promise<IssuedToken>;
  verify(token: string): Promise<VerifiedToken>;
}

type JwtConfig = PointerConfig['auth']['jwt'];
type Key = jose.CryptoKey | Uint8Array;
const SECRET_SETTING = 'auth.jwt.hs256Secret';
const SYSTEM_TENANT = '_system';

export function looksLikeJwt(credential: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(credential);
}

async function hsSecret(cfg: JwtConfig, store: RelationalStore): Promise<Uint8Array> {
  if (cfg.secret) return new TextEncoder().encode(cfg.secret);
  const existing = await store.getSetting(SYSTEM_TENANT, SECRET_SETTING);
  if (existing) return Buffer.from(existing, 'base64url');
  // Two replicas starting together: both may write, the last write wins, and both read it back.
  const fresh = randomBytes(32).toString('base64url');
  await store.setSetting(SYSTEM_TENANT, SECRET_SETTING, fresh, Date.now());
  return Buffer.from((await store.getSetting(SYSTEM_TENANT, SECRET_SETTING)) ?? fresh, 'base64url');
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw ptrError('PTR_ERR_CONFIG_INVALID', `auth.jwt.${what}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function createJwtService(cfg: JwtConfig, store: RelationalStore): Promise<JwtService> {
  const alg = cfg.algorithm;
  const ttlMs = parseDuration(cfg.ttl);
  let signKey: Key | undefined;
  let verifyKey: Key | undefined;
  if (alg === 'HS256') {
    signKey = verifyKey = await hsSecret(cfg, store);
  } else {
    try {
      const privatePem = cfg.privateKeyFile ? readPem(cfg.privateKeyFile, 'privateKeyFile') : undefined;
      if (privatePem) signKey = await jose.importPKCS8(privatePem, alg);
      const publicPem = cfg.publicKeyFile
        ? readPem(cfg.publicKeyFile, 'publicKeyFile')
        : privatePem
          ? createPublicKey(privatePem).export({ type: 'spki', format: 'pem' }).toString()
          : undefined;
      if (publicPem) verifyKey = await jose.importSPKI(publicPem, alg);
    } catch (err) {
      if ((err as PtrError).code) throw err;
      throw ptrError('PTR_ERR_CONFIG_INVALID', `auth.jwt: the ${alg} key is not usable: ${(err as Error).message}`);
    }
  }
  const jwks = cfg.jwksUrl ? jose.createRemoteJWKSet(new URL(cfg.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 }) : undefined;
  if (!verifyKey && !jwks) throw ptrError('PTR_ERR_CONFIG_INVALID', `auth.jwt: algorithm ${alg} needs privateKeyFile, publicKeyFile or jwksUrl`);
  const verifyOptions: jose.JWTVerifyOptions = { algorithms: [alg], issuer: cfg.issuer, audience: cfg.audience, clockTolerance: 5 };

  return {
    canIssue: signKey !== undefined,
    async issue({ subject, tenant, role }) {
      if (!signKey) throw ptrError('PTR_ERR_FORBIDDEN', `login is not available: auth.jwt.algorithm is ${alg} and no auth.jwt.privateKeyFile is configured (tokens come from the identity provider)`);
      const now = Date.now();
      const jti = randomUUID();
      const expiresAt = now + ttlMs;
      const token = await new jose.SignJWT({ tenant, role, iat_ms: now })
        .setProtectedHeader({ alg, typ: 'JWT' })
        .setSubject(subject)
        .setIssuer(cfg.issuer)
        .setAudience(cfg.audience)
        .setJti(jti)
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .sign(signKey);
      return { token, jti, expiresAt };
    },
    async verify(token) {
      let payload: jose.JWTPayload;
      let issuer: VerifiedToken['issuer'] = 'pointer';
      try {
        if (verifyKey) {
          try {
            payload = (await jose.jwtVerify(token, verifyKey, verifyOptions)).payload;
          } catch (err) {
            if (!jwks || !(err instanceof jose.errors.JWSSignatureVerificationFailed)) throw err;
            payload = (await jose.jwtVerify(token, jwks, verifyOptions)).payload;
            issuer = 'external';
          }
        } else {
          payload = (await jose.jwtVerify(token, jwks!, verifyOptions)).payload;
          issuer = 'external';
        }
      } catch (err) {
        throw tokenError(err);
      }
      const tenant = payload[cfg.tenantClaim] ?? payload['tenant'];
      const role = payload[cfg.roleClaim] ?? payload['role'];
      if (typeof payload.sub !== 'string' || !payload.sub) throw rejected('the token has no subject (sub)');
      if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) throw rejected(`the token's ${cfg.tenantClaim} claim is missing or not a tenant id`);
      if (!isRole(role)) throw rejected(`the token's ${cfg.roleClaim} claim is missing or not a role`);
      if (typeof payload.exp !== 'number') throw rejected('the token has no expiry (exp)');
      const iatMs = typeof payload['iat_ms'] === 'number' ? payload['iat_ms'] : (payload.iat ?? 0) * 1000;
      return { subject: payload.sub, tenant, role, jti: payload.jti ?? '', expiresAt: payload.exp * 1000, issuedAtMs: iatMs, issuer };
    },
  };
}

function rejected(reason: string): PtrError {
  return ptrError('PTR_ERR_UNAUTHENTICATED', `invalid token: ${reason}`, { details: { reason } });
}

function tokenError(err: unknown): PtrError {
  const e = jose.errors;
  if (err instanceof e.JWTExpired) return ptrError('PTR_ERR_UNAUTHENTICATED', 'invalid token: expired', { details: { reason: 'expired' } });
  if (err instanceof e.JWSSignatureVerificationFailed) return ptrError('PTR_ERR_UNAUTHENTICATED', 'invalid token: signature does not verify', { details: { reason: 'bad signature' } });
  if (err instanceof e.JWTClaimValidationFailed) return ptrError('PTR_ERR_UNAUTHENTICATED', `invalid token: claim ${err.claim} ${err.reason}`, { details: { reason: 'claim', claim: err.claim } });
  if (err instanceof e.JOSEAlgNotAllowed) return ptrError('PTR_ERR_UNAUTHENTICATED', 'invalid token: signing algorithm not allowed', { details: { reason: 'algorithm' } });
  if (err instanceof e.JWKSNoMatchingKey) return ptrError('PTR_ERR_UNAUTHENTICATED', 'invalid token: no key of the JWKS matches', { details: { reason: 'bad signature' } });
  if (err instanceof e.JWKSTimeout) return ptrError('PTR_ERR_UNAVAILABLE', 'the JWKS URL did not answer in time', { details: { reason: 'jwks' } });
  return ptrError('PTR_ERR_UNAUTHENTICATED', `invalid token: malformed (${(err as Error).message})`, { details: { reason: 'malformed' } });
}
