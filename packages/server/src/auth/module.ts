/**
 * Internal module `auth`: opens the relational store, the rate limiter and the audit log, and
 * provides GatewayAuth, the one place where requests are authenticated, authorized and
 * rate-limited. Every role that serves an API lists 'auth' in dependsOn.
 */
import type { ModuleDefinition } from '../runtime/module.js';
import { ADMIN_TOKEN, DATA_DIR, HTTP_SERVER } from '../runtime/keys.js';
import { openRelationalStore, relationalTarget } from '../store/relational/index.js';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../ratelimit/index.js';
import { AuditLog } from '../audit/index.js';
import { ptrError } from '../errors/index.js';
import { Authenticator } from './authenticator.js';
import { GatewayAuth } from './gateway-auth.js';
import { createJwtService } from './jwt.js';
import { AUDIT_LOG, GATEWAY_AUTH, RATE_LIMITER, RELATIONAL_STORE } from './keys.js';
import { GatewayIngestAuthenticator } from './ingest-authenticator.js';
import { INGEST_AUTHENTICATOR } from '../ingest/auth.js';

export const authModule: ModuleDefinition = {
  name: 'auth',
  kind: 'internal',
  description: 'Relational store (users, keys, audit), JWT and API-key authentication, RBAC, rate limits.',
  dependsOn: ['runtime', 'http'],
  async start(ctx) {
    const store = await openRelationalStore(relationalTarget(ctx.config, ctx.services.get(DATA_DIR)));
    let limiter: RateLimiter;
    const cache = ctx.config.storage.cache;
    if (cache.backend === 'redis') {
      if (!cache.redisUrl) throw ptrError('PTR_ERR_CONFIG_INVALID', 'storage.cache.redisUrl is required when storage.cache.backend is redis');
      limiter = new RedisRateLimiter(cache.redisUrl);
    } else {
      limiter = new MemoryRateLimiter();
    }
    const jwt = await createJwtService(ctx.config.auth.jwt, store);
    const authenticator = new Authenticator({ store, jwt, admin: ctx.services.get(ADMIN_TOKEN), cacheTtlMs: ctx.config.auth.cacheTtlMs });
    const audit = new AuditLog(store);
    const auth = new GatewayAuth({ authenticator, limiter, limits: ctx.config.rateLimits, store, jwt, audit });
    const app = ctx.services.get(HTTP_SERVER);
    app.decorateRequest('principal', null);
    app.addHook('onRoute', (route) => auth.recordRoute(route));
    const failOpen = ctx.metrics.gauge('pointer_ratelimit_redis_fail_open', 'Requests let through because Redis (rate limits) was unreachable, since start.');
    const rejected = ctx.metrics.counter('pointer_auth_rejected_total', 'Requests refused by the gateway auth layer, by error code.', ['code']);
    auth.onReject = (code) => rejected.inc({ code });
    ctx.services.provide(RELATIONAL_STORE, store);
    ctx.services.provide(RATE_LIMITER, limiter);
    ctx.services.provide(AUDIT_LOG, audit);
    ctx.services.provide(GATEWAY_AUTH, auth);
    ctx.services.provide(INGEST_AUTHENTICATOR, new GatewayIngestAuthenticator(auth, ctx.config.auth.anonymousLoopbackIngest));
    const prune = setInterval(() => {
      void store.pruneRevokedTokens(Date.now()).catch(() => undefined);
    }, 3_600_000);
    const gauges = setInterval(() => {
      if (limiter instanceof RedisRateLimiter) failOpen.set(limiter.failOpenCount);
    }, 10_000);
    gauges.unref();
    prune.unref();
    ctx.log.info('auth ready', { relational: store.backend, rateLimits: ctx.config.rateLimits.enabled ? limiter.backend : 'off', jwt: ctx.config.auth.jwt.algorithm });
    return {
      readiness: () => ({ ready: true }),
      async stop() {
        clearInterval(prune);
        clearInterval(gauges);
        await limiter.close();
        await store.close();
      },
    };
  },
};
