/**
 * Internal module `query-api`: Pointer's trace and log REST API (/api/v1), the Tempo-compatible
 * API (/tempo) and the Loki-compatible API (/loki) on the gateway's HTTP server. The gateway
 * role depends on it (roles/registry.ts), so `--role gateway` serves these APIs.
 */
import { parseDuration } from '../config/duration.js';
import { GATEWAY_AUTH } from '../auth/index.js';
import { BUS } from '../bus/keys.js';
import type { ModuleDefinition } from '../runtime/module.js';
import { HTTP_SERVER } from '../runtime/keys.js';
import { LOG_STORE } from '../store/logs/keys.js';
import { TRACE_STORE } from '../store/traces/keys.js';
import type { QueryContext } from './context.js';
import { lokiRoutes } from './loki/routes.js';
import { logRoutes } from './rest/log-routes.js';
import { registerRestGroup } from './rest/route-group.js';
import { traceRoutes } from './rest/trace-routes.js';
import { tempoRoutes } from './tempo/routes.js';

export const queryApiModule: ModuleDefinition = {
  name: 'query-api',
  kind: 'internal',
  description: 'Trace and log queries: REST under /api/v1, Tempo API under /tempo, Loki API under /loki.',
  dependsOn: ['runtime', 'http', 'auth', 'bus', 'trace-store', 'log-store'],
  async start(ctx) {
    const cfg = ctx.config.query;
    const q: QueryContext = {
      app: ctx.services.get(HTTP_SERVER),
      auth: ctx.services.get(GATEWAY_AUTH),
      traces: ctx.services.get(TRACE_STORE),
      logs: ctx.services.get(LOG_STORE),
      bus: ctx.services.get(BUS),
      limits: {
        timeoutMs: parseDuration(cfg.timeout),
        maxRangeNs: BigInt(parseDuration(cfg.maxRange)) * 1_000_000n,
        maxResults: cfg.maxResults,
        maxTraceSpans: cfg.maxTraceSpans,
      },
    };
    registerRestGroup(q, undefined, (add) => {
      traceRoutes(q, add);
      logRoutes(q, add);
    });
    tempoRoutes(q);
    lokiRoutes(q, ctx.config.gateway.maxRequestBytes);
    return { readiness: () => ({ ready: true }), stop: async () => undefined };
  },
};
