/** Service keys of the auth module: what other modules get from `ctx.services`. */
import { ServiceKey } from '../runtime/services.js';
import type { RelationalStore } from '../store/relational/index.js';
import type { RateLimiter } from '../ratelimit/index.js';
import type { AuditLog } from '../audit/index.js';
import type { GatewayAuth } from './gateway-auth.js';

/** Authenticate + authorize + rate-limit: `ctx.services.get(GATEWAY_AUTH).require('telemetry:read')`. */
export const GATEWAY_AUTH = new ServiceKey<GatewayAuth>('auth.gateway');
export const RELATIONAL_STORE = new ServiceKey<RelationalStore>('store.relational');
export const RATE_LIMITER = new ServiceKey<RateLimiter>('ratelimit.limiter');
export const AUDIT_LOG = new ServiceKey<AuditLog>('audit.log');
