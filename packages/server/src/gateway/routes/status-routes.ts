/** /api/v1/status and /api/v1/openapi.json. */
import { z } from 'zod';
import type { GatewayContext } from '../context.js';
import { buildOpenApi } from '../openapi.js';

export function statusRoutes(g: GatewayContext): void {
  g.group('', (add) => {
    add({
      method: 'GET',
      url: '/status',
      permission: 'status:read',
      tag: 'status',
      summary: 'Version, roles, listeners and readiness of this process.',
      response: z.object({
        version: z.string(),
        roles: z.array(z.string()),
        listeners: z.record(z.string(), z.string()),
        dataDir: z.string(),
        modules: z.array(z.object({ module: z.string(), ready: z.boolean(), reason: z.string().optional() })),
      }),
      async handler() {
        return g.status();
      },
    });
    add({
      method: 'GET',
      url: '/openapi.json',
      permission: 'public',
      tag: 'status',
      summary: 'This OpenAPI 3.1 document.',
      response: z.record(z.string(), z.unknown()),
      async handler() {
        return buildOpenApi(g.book.routes);
      },
    });
  });
}
