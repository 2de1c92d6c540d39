/** The OpenAPI 3.1 document of the gateway, generated from the zod schemas of the RouteBook. */
import { z } from 'zod';
import { PERMISSIONS } from '../auth/index.js';
import { VERSION } from '../version.js';
import type { RecordedRoute } from './route-book.js';
import { errorBody } from './schemas.js';

type Json = Record<string, unknown>;

function schemaOf(t: z.ZodType, io: 'input' | 'output'): Json {
  const s = z.toJSONSchema(t, { io, unrepresentable: 'any' }) as Json;
  delete s['$schema'];
  return s;
}

function parameters(t: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!t) return [];
  const s = schemaOf(t, 'input');
  const props = (s['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((s['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(schema['description'] ? { description: schema['description'] } : {}),
    schema,
  }));
}

export function buildOpenApi(routes: readonly RecordedRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const error = { content: { 'application/json': { schema: schemaOf(errorBody, 'output') } } };
  for (const { method, path, spec } of routes) {
    const op: Json = {
      operationId: `${method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/\/api\/v1/, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: spec.summary,
      tags: [spec.tag],
      'x-pointer-permission': spec.permission,
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      responses: {
        [String(spec.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schemaOf(spec.response, 'output') } } },
        '400': { description: 'Invalid request (PTR_ERR_VALIDATION, PTR_ERR_BAD_REQUEST)', ...error },
        ...(spec.permission === 'public'
          ? {}
          : {
              '401': { description: 'No valid credential (PTR_ERR_UNAUTHENTICATED)', ...error },
              '403': { description: `Lacks permission ${spec.permission} (PTR_ERR_FORBIDDEN)`, ...error },
            }),
        '429': { description: 'Rate limited (PTR_ERR_RATE_LIMITED); see Retry-After', ...error },
      },
      ...(spec.permission === 'public' ? { security: [] } : {}),
    };
    if (spec.body) op['requestBody'] = { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } };
    (paths[path] ??= {})[method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pointer gateway API',
      version: VERSION,
      description: `Permissions: ${Object.entries(PERMISSIONS)
        .map(([p, d]) => `\`${p}\` (${d})`)
        .join('; ')}. See docs/security.md for the role matrix.`,
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Session JWT from POST /api/v1/auth/login, an API key (ptrk_...), or the admin token.' },
        basic: { type: 'http', scheme: 'basic', description: 'Any user name; the API key as password (as Grafana sends it).' },
      },
    },
    security: [{ bearer: [] }, { basic: [] }],
    paths,
  };
}
