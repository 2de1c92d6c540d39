/**
 * Role `gateway`: Pointer's APIs on the gateway address. Route groups are Fastify plugins
 * registered here; every /api route requires a credential (until the auth issue adds users,
 * keys and roles, the admin token is the only one).
 */
import type { FastifyInstance } from 'fastify';
import { ptrError } from '../errors/index.js';
import { credentialFromHeaders } from '../auth/index.js';
import type { ModuleDefinition } from '../runtime/module.js';
import { ADMIN_TOKEN, HTTP_SERVER, LISTENERS, READINESS } from '../runtime/keys.js';
import { VERSION } from '../version.js';

export const gatewayRole: ModuleDefinition = {
  name: 'gateway',
  kind: 'role',
  description: 'REST, GraphQL and WebSocket APIs and the Prometheus/Tempo/Loki-compatible APIs on the gateway port.',
  dependsOn: ['runtime', 'http'],
  async start(ctx) {
    const app = ctx.services.get(HTTP_SERVER);
    const admin = ctx.services.get(ADMIN_TOKEN);
    const readiness = ctx.services.get(READINESS);
    const listeners = ctx.services.get(LISTENERS);
    await app.register(async (api: FastifyInstance) => {
      api.addHook('onRequest', async (req) => {
        const cred = credentialFromHeaders(req.headers);
        if (!cred) throw ptrError('PTR_ERR_UNAUTHENTICATED', 'missing credential: send Authorization: Bearer <token>');
        if (!admin.verify(cred)) throw ptrError('PTR_ERR_UNAUTHENTICATED', 'invalid credential');
      });
      api.get('/status', async () => ({
        version: VERSION,
        roles: ctx.config.server.roles,
        listeners: Object.fromEntries(listeners),
        dataDir: ctx.config.dataDir,
        modules: readiness(),
      }));
    }, { prefix: '/api/v1' });
    return { readiness: () => ({ ready: true }), stop: async () => undefined };
  },
};
