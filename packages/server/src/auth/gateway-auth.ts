/**
 * The one mechanism every API uses to authenticate, authorize and rate-limit a request.
 *
 *   app.get('/api/v1/traces', { onRequest: auth.require('telemetry:read') }, async (req) => {
 *     const { tenant } = req.principal!;   // every read and write is scoped to this tenant
 *   });
 *
 * `require(permission)` takes a token from the client address's bucket, authenticates the
 * credential (Bearer, Basic with the key as password, or x-pointer-key), checks the permission
 * against the matrix in permissions.ts, then takes a token from the caller's own bucket.
 * Ingest permissions use the ingest budgets, everything else the query budgets.
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { PointerConfig } from '../config/index.js';
import { ptrError } from '../errors/index.js';
import type { RateLimiter, BucketRule } from '../ratelimit/index.js';
import type { RelationalStore } from '../store/relational/index.js';
import type { AuditLog } from '../audit/index.js';
import { credentialFromHeaders } from './bearer.js';
import type { Authenticator } from './authenticator.js';
import type { JwtService } from './jwt.js';
import { verifyPassword } from './passwords.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `GatewayAuth.require(...)`; null on routes that do not require a credential. */
    principal: Principal | null;
  }
}

export type Headers = Record<string, string | string[] | undefined>;

export interface LoginResult {
  token: string;
  expiresAt: number;
  principal: Principal;
}

export interface GatewayAuthDeps {
  authenticator: Authenticator;
  limiter: RateLimiter;
  limits: PointerConfig['rateLimits'];
  store: RelationalStore;
  jwt: JwtService;
  audit: AuditLog;
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class GatewayAuth {
  /** Every route seen on the gateway server with the permission its onRequest hook demands (null: none). */
  readonly routes: { method: string; url: string; permission: Permission | null }[] = [];
  /**
   * Permission demanded per route, seen at request time: covers hooks a plugin adds with
   * addHook('onRequest', auth.require(...)), which onRoute cannot see. Bounded by the route count.
   */
  readonly observed = new Map<string, Permission>();
  private readonly hookPermissions = new WeakMap<object, Permission>();

  /** Counts refusals (self-metrics); set by the auth module. */
  onReject: (code: string) => void = () => undefined;

  constructor(readonly deps: GatewayAuthDeps) {}

  /** Fastify onRequest hook for a route that needs `permission`. */
  require(permission: Permission): onRequestAsyncHookHandler {
    if (!(permission in PERMISSIONS)) throw ptrError('PTR_ERR_INTERNAL', `unknown permission ${permission}`);
    const hook = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
      const route = `${req.method} ${req.routeOptions.url ?? ''}`;
      if (!this.observed.has(route)) this.observed.set(route, permission);
      try {
        req.principal = await this.authorize(req.headers, req.ip, permission);
      } catch (err) {
        this.onReject((err as { code?: string }).code ?? 'PTR_ERR_INTERNAL');
        throw err;
      }
    };
    this.hookPermissions.set(hook, permission);
    return hook;
  }

  /** Fastify onRoute hook: records which permission each route demands (for the authorization test). */
  recordRoute(route: { method: string | string[]; url: string; onRequest?: unknown }): void {
    const hooks = Array.isArray(route.onRequest) ? route.onRequest : route.onRequest ? [route.onRequest] : [];
    const permission = hooks.map((h) => this.hookPermissions.get(h as object)).find((p) => p !== undefined) ?? null;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method === 'HEAD') continue;
      this.routes.push({ method, url: route.url, permission });
    }
  }

  /**
   * The same check outside Fastify's routing: WebSocket and graphql-ws connections, the OTLP
   * receivers (see ingest-authenticator.ts). Throws PTR_ERR_UNAUTHENTICATED (401),
   * PTR_ERR_FORBIDDEN (403) or PTR_ERR_RATE_LIMITED (429 with retryAfterSeconds).
   */
  async authorize(headers: Headers, address: string, permission: Permission, credential?: string): Promise<Principal> {
    const budget = permission === 'telemetry:ingest' ? this.deps.limits.ingest : this.deps.limits.query;
    const kind = permission === 'telemetry:ingest' ? 'ingest' : 'query';
    await this.take(`${kind}:addr:${address}`, budget.perAddress, `client address ${address}`);
    const cred = credential ?? credentialFromHeaders(headers);
    if (!cred) throw ptrError('PTR_ERR_UNAUTHENTICATED', 'missing credential: send Authorization: Bearer <token or API key>', { details: { reason: 'missing' } });
    const principal = await this.deps.authenticator.authenticate(cred, header(headers, 'x-pointer-tenant'));
    if (!principal.permissions.has(permission)) {
      const who = principal.scopes ? `API key scopes [${principal.scopes.join(', ')}]` : `role ${principal.role}`;
      throw ptrError('PTR_ERR_FORBIDDEN', `${who} lacks permission ${permission}`, { details: { permission } });
    }
    await this.take(`${kind}:key:${principal.kind}:${principal.subject}`, budget.perKey, 'this credential');
    return principal;
  }

  /** Username and password to a session token; attempts are rate-limited per address and per name. */
  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const l = this.deps.limits.login;
    await this.take(`login:addr:${address}`, l.perAddress, `login attempts from ${address}`);
    await this.take(`login:user:${username.toLowerCase()}`, l.perUsername, `login attempts for user ${username}`);
    const user = await this.deps.store.getUserByName(username);
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || user.disabled) {
      if (user) {
        await this.deps.audit.record({
          actor: { tenant: user.tenant, subject: 'anonymous', name: 'anonymous', kind: 'anonymous' },
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: user.id,
          sourceIp: address,
          after: { reason: user.disabled ? 'disabled' : 'wrong password' },
        });
      }
      throw ptrError('PTR_ERR_UNAUTHENTICATED', 'login failed: unknown user, wrong password or disabled user', { details: { reason: 'login failed' } });
    }
    const issued = await this.deps.jwt.issue({ subject: user.id, tenant: user.tenant, role: user.role });
    const principal = await this.deps.authenticator.authenticate(issued.token);
    await this.deps.audit.record({
      actor: { tenant: user.tenant, subject: user.id, name: user.username, kind: 'user' },
      action: 'auth.login',
      targetType: 'session',
      targetId: issued.jti,
      sourceIp: address,
    });
    return { token: issued.token, expiresAt: issued.expiresAt, principal };
  }

  private async take(key: string, rule: BucketRule, what: string): Promise<void> {
    if (!this.deps.limits.enabled) return;
    const r = await this.deps.limiter.take(key, rule);
    if (!r.allowed) throw ptrError('PTR_ERR_RATE_LIMITED', `rate limit exceeded for ${what}; retry in ${r.retryAfterSeconds} s`, { retryAfterSeconds: r.retryAfterSeconds });
  }
}
