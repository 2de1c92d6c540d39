/**
 * Turns a presented credential into a Principal: an API key (`ptrk_...`), a JWT (login or an
 * external identity provider), or the admin token. Verified keys and users are cached for
 * auth.cacheTtlMs so that a busy API does not hit the relational store on every request;
 * revocations on this replica take effect at once, on other replicas within that time.
 */
import { ptrError, type PtrError } from '../errors/index.js';
import type { ApiKeyRecord, RelationalStore, UserRecord } from '../store/relational/index.js';
import type { AdminTokenVerifier } from './admin-token.js';
import { parseApiKey, secretMatches } from './api-keys.js';
import { looksLikeJwt, type JwtService } from './jwt.js';
import { permissionsOfScopes, ROLE_PERMISSIONS } from './permissions.js';
import { DEFAULT_TENANT, TENANT_PATTERN, type Principal } from './principal.js';

interface Cached<T> {
  value: T;
  at: number;
}

class TtlCache<T> {
  private readonly map = new Map<string, Cached<T>>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}
  get(key: string, now: number): T | undefined {
    const c = this.map.get(key);
    if (!c) return undefined;
    if (now - c.at > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    return c.value;
  }
  set(key: string, value: T, now: number): void {
    if (this.ttlMs === 0) return;
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, { value, at: now });
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

export interface AuthenticatorDeps {
  store: RelationalStore;
  jwt: JwtService;
  admin: AdminTokenVerifier;
  cacheTtlMs: number;
  now?: () => number;
}

const unauthenticated = (message: string, reason: string): PtrError => ptrError('PTR_ERR_UNAUTHENTICATED', message, { details: { reason } });

export class Authenticator {
  private readonly keys: TtlCache<ApiKeyRecord | null>;
  private readonly users: TtlCache<UserRecord | null>;
  private readonly revoked: TtlCache<boolean>;
  private readonly now: () => number;

  constructor(private readonly deps: AuthenticatorDeps) {
    this.keys = new TtlCache(deps.cacheTtlMs);
    this.users = new TtlCache(deps.cacheTtlMs);
    this.revoked = new TtlCache(deps.cacheTtlMs);
    this.now = deps.now ?? Date.now;
  }

  /**
   * @param tenantHeader  `x-pointer-tenant`: honoured only for the admin token, which is not bound
   *                      to a tenant; every other credential carries its own tenant.
   */
  async authenticate(credential: string, tenantHeader?: string): Promise<Principal> {
    if (credential.startsWith('ptrk_')) return this.apiKey(credential);
    if (looksLikeJwt(credential)) return this.token(credential);
    if (credential.length <= 512 && this.deps.admin.verify(credential)) {
      const tenant = tenantHeader ?? DEFAULT_TENANT;
      if (!TENANT_PATTERN.test(tenant)) throw ptrError('PTR_ERR_BAD_REQUEST', `x-pointer-tenant: "${tenant.slice(0, 64)}" is not a tenant id (letters, digits, . _ -; at most 63)`);
      return { kind: 'admin-token', tenant, subject: 'admin-token', name: 'admin token', role: 'admin', scopes: null, permissions: ROLE_PERMISSIONS.admin };
    }
    throw unauthenticated('invalid credential', 'unknown credential');
  }

  private async apiKey(credential: string): Promise<Principal> {
    const parsed = parseApiKey(credential);
    if (!parsed) throw unauthenticated('invalid API key: malformed', 'malformed');
    const now = this.now();
    let rec = this.keys.get(parsed.id, now);
    if (rec === undefined) {
      rec = (await this.deps.store.getApiKey(parsed.id)) ?? null;
      this.keys.set(parsed.id, rec, now);
      if (rec) void this.deps.store.touchApiKey(rec.id, now).catch(() => undefined);
    }
    if (!rec || !secretMatches(parsed.secret, rec.secretHash)) throw unauthenticated('invalid API key', 'unknown credential');
    if (rec.revokedAt !== null) throw unauthenticated('API key revoked', 'revoked');
    if (rec.expiresAt !== null && rec.expiresAt <= now) throw unauthenticated('API key expired', 'expired');
    return {
      kind: 'api-key',
      tenant: rec.tenant,
      subject: rec.id,
      name: rec.name,
      role: rec.scopes.includes('admin') ? 'admin' : null,
      scopes: rec.scopes,
      permissions: permissionsOfScopes(rec.scopes),
    };
  }

  private async token(credential: string): Promise<Principal> {
    const t = await this.deps.jwt.verify(credential);
    const now = this.now();
    if (t.jti) {
      let revoked = this.revoked.get(t.jti, now);
      if (revoked === undefined) {
        revoked = await this.deps.store.isTokenRevoked(t.jti);
        this.revoked.set(t.jti, revoked, now);
      }
      if (revoked) throw unauthenticated('invalid token: revoked (logged out)', 'revoked');
    }
    const base = { tokenId: t.jti, tokenExpiresAt: t.expiresAt, scopes: null } as const;
    if (t.issuer === 'external') {
      return { ...base, kind: 'external-jwt', tenant: t.tenant, subject: t.subject, name: t.subject, role: t.role, permissions: ROLE_PERMISSIONS[t.role] };
    }
    let user = this.users.get(t.subject, now);
    if (user === undefined) {
      user = (await this.deps.store.getUser(t.subject)) ?? null;
      this.users.set(t.subject, user, now);
    }
    if (!user) throw unauthenticated('invalid token: the user no longer exists', 'revoked');
    if (user.disabled) throw unauthenticated('invalid token: the user is disabled', 'revoked');
    if (t.issuedAtMs < user.tokensValidAfter) throw unauthenticated('invalid token: revoked (password changed or sessions ended)', 'revoked');
    // Role and tenant come from the store, not the token, so a role change applies at once.
    return { ...base, kind: 'user', tenant: user.tenant, subject: user.id, name: user.username, role: user.role, permissions: ROLE_PERMISSIONS[user.role] };
  }

  /** Called by the routes that change keys, users or sessions on this replica. */
  forgetKey(id: string): void {
    this.keys.delete(id);
  }
  forgetUser(id: string): void {
    this.users.delete(id);
  }
  markRevoked(jti: string): void {
    this.revoked.set(jti, true, this.now());
  }
}
