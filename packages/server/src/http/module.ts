/**
 * Internal module `http`: the HTTP server on the gateway address. It always serves the health
 * and self-metrics endpoints, so that every process (whatever its roles) can be probed;
 * the gateway role and others add their routes to it during their start().
 */
import Fastify from 'fastify';
import { ptrError } from '../errors/index.js';
import type { ModuleDefinition } from '../runtime/module.js';
import { HTTP_SERVER, LISTENERS, READINESS } from '../runtime/keys.js';
import { errorHandler, sendError } from './errors.js';
import { listenOn } from './listen.js';

export const httpModule: ModuleDefinition = {
  name: 'http',
  kind: 'internal',
  description: 'HTTP server on the gateway address: /healthz, /readyz, /metrics, and the routes of the roles.',
  dependsOn: ['runtime'],
  async start(ctx) {
    const app = Fastify({
      logger: false,
      bodyLimit: ctx.config.gateway.maxRequestBytes,
      forceCloseConnections: 'idle',
      return503OnClosing: true,
    });
    app.setErrorHandler(errorHandler);
    app.setNotFoundHandler((req, reply) => sendError(reply, ptrError('PTR_ERR_NOT_FOUND', `no route for ${req.method} ${req.url.split('?')[0]}`)));

    const readiness = ctx.services.get(READINESS);
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/readyz', async (_req, reply) => {
      const modules = readiness();
      const notReady = modules.filter((m) => !m.ready);
      const body = { status: notReady.length === 0 ? 'ready' : 'not ready', modules };
      return reply.code(notReady.length === 0 ? 200 : 503).send(body);
    });
    app.get('/metrics', async (_req, reply) => {
      const { contentType, body } = await ctx.metrics.render();
      return reply.type(contentType).send(body);
    });
    ctx.services.provide(HTTP_SERVER, app);
    let listening = false;
    return {
      readiness: () => (listening ? { ready: true } : { ready: false, reason: 'gateway port not listening yet' }),
      async serve() {
        const bound = await listenOn(app, ctx.config.gateway.addr, 'gateway');
        ctx.services.get(LISTENERS).set('gateway', bound);
        listening = true;
      },
      async stop() {
        listening = false;
        await app.close();
      },
    };
  },
};
