/**
 * Role `gateway`: Pointer's APIs on the gateway address. REST route groups are encapsulated
 * Fastify plugins declared through the RouteBook (validation, permission and OpenAPI from one
 * declaration); authentication, RBAC and rate limits come from the `auth` module.
 */
import type { ModuleDefinition } from '../runtime/module.js';
import { HTTP_SERVER, LISTENERS, READINESS } from '../runtime/keys.js';
import { AUDIT_LOG, GATEWAY_AUTH, RELATIONAL_STORE } from '../auth/index.js';
import { GatewayContext, RouteBook } from '../gateway/index.js';
import { authRoutes } from '../gateway/routes/auth-routes.js';
import { userRoutes } from '../gateway/routes/user-routes.js';
import { keyRoutes } from '../gateway/routes/key-routes.js';
import { auditRoutes } from '../gateway/routes/audit-routes.js';
import { statusRoutes } from '../gateway/routes/status-routes.js';
import { ROUTE_BOOK } from '../gateway/keys.js';
import { VERSION } from '../version.js';

export const gatewayRole: ModuleDefinition = {
  name: 'gateway',
  kind: 'role',
  description: 'REST, GraphQL and WebSocket APIs and the Prometheus/Tempo/Loki-compatible APIs on the gateway port.',
  dependsOn: ['runtime', 'http', 'auth'],
  async start(ctx) {
    const app = ctx.services.get(HTTP_SERVER);
    const auth = ctx.services.get(GATEWAY_AUTH);
    const readiness = ctx.services.get(READINESS);
    const listeners = ctx.services.get(LISTENERS);
    const book = new RouteBook(auth);
    ctx.services.provide(ROUTE_BOOK, book);
    const g = new GatewayContext(app, auth, ctx.services.get(RELATIONAL_STORE), ctx.services.get(AUDIT_LOG), book, () => ({
      version: VERSION,
      roles: [...ctx.config.server.roles],
      listeners: Object.fromEntries(listeners),
      dataDir: ctx.config.dataDir,
      modules: readiness(),
    }));
    statusRoutes(g);
    authRoutes(g);
    userRoutes(g);
    keyRoutes(g);
    auditRoutes(g);
    return { readiness: () => ({ ready: true }), stop: async () => undefined };
  },
};
