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
import { ROUTE_BOOK, TAIL_HUB } from '../gateway/keys.js';
import { TailHub } from '../gateway/tail/hub.js';
import { registerTailRoute } from '../gateway/tail/tail-route.js';
import { registerGraphql } from '../gateway/graphql/graphql-route.js';
import { BUS } from '../bus/index.js';
import websocket from '@fastify/websocket';
import { VERSION } from '../version.js';

export const gatewayRole: ModuleDefinition = {
  name: 'gateway',
  kind: 'role',
  description: 'REST, GraphQL and WebSocket APIs and the Prometheus/Tempo/Loki-compatible APIs on the gateway port.',
  // prometheus-api: the Prometheus API under /prometheus lives on the gateway port (its module says so).
  dependsOn: ['runtime', 'http', 'auth', 'bus', 'prometheus-api'],
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

    // Live tail: WebSocket route fed from the bus. With the in-process bus, subscribe only when
    // this process also runs the processor: a tail subscriber must never be the only consumer
    // that lets the memory bus accept (and acknowledge) data that no store keeps.
    const hub = new TailHub(ctx.config.gateway.tail);
    const roles = ctx.config.server.roles;
    if (ctx.config.bus.backend !== 'memory' || roles.includes('all') || roles.includes('processor')) hub.attach(ctx.services.get(BUS));
    ctx.services.provide(TAIL_HUB, hub);
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
    registerTailRoute(app, auth, hub);
    registerGraphql(app, auth, hub, ctx.config.gateway.graphql);
    const tailGauge = ctx.metrics.gauge('pointer_tail_subscribers', 'Live-tail subscribers connected to this gateway.');
    const missed = ctx.metrics.gauge('pointer_tail_items_missed', 'Live-tail items that slow subscribers missed, since start.');
    const gauges = setInterval(() => {
      tailGauge.set(hub.subscriberCount);
      missed.set(hub.stats.itemsMissed);
    }, 5000);
    gauges.unref();
    return {
      readiness: () => ({ ready: true }),
      stop: async () => {
        clearInterval(gauges);
        hub.stop();
      },
    };
  },
};
