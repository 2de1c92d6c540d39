/**
 * Gateway routes are declared once, with zod schemas for params, query, body and response and
 * the permission they need. The same declaration registers the Fastify route (authorization
 * via GatewayAuth.require, validation via zod) and feeds the OpenAPI document, so the document
 * cannot drift from what the server enforces.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ptrError } from '../errors/index.js';
import type { GatewayAuth, Permission, Principal } from '../auth/index.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteContext<P, Q, B> {
  req: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
  /** Null only on public routes. */
  principal: Principal;
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  /** Fastify form, e.g. `/users/:id`, relative to the group's prefix. */
  url: string;
  /** `public`: no credential (login, the OpenAPI document). */
  permission: Permission | 'public';
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** HTTP status of a success (default 200). */
  status?: number;
  handler(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

export interface RecordedRoute {
  method: HttpMethod;
  /** Full path in OpenAPI form: /api/v1/users/{id} */
  path: string;
  spec: RouteSpec;
}

/** Zod's issues as one precise line: which field, what is wrong. */
export function validationMessage(where: string, err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${where}${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`)
    .join('; ');
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw ptrError('PTR_ERR_VALIDATION', validationMessage(where, r.error));
  return r.data;
}

export class RouteBook {
  readonly routes: RecordedRoute[] = [];

  constructor(private readonly auth: GatewayAuth) {}

  /** Registers `spec` on `app` (an encapsulated plugin instance whose prefix is `prefix`). */
  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(app: FastifyInstance, prefix: string, spec: RouteSpec<P, Q, B, R>): void {
    const path = (prefix + spec.url).replace(/:([A-Za-z_]+)/g, '{$1}');
    this.routes.push({ method: spec.method, path, spec: spec as unknown as RouteSpec });
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.permission === 'public' ? {} : { onRequest: this.auth.require(spec.permission) }),
      handler: async (req, reply) => {
        const params = parse(spec.params, req.params, 'params');
        const query = parse(spec.query, req.query, 'query');
        const body = parse(spec.body, req.body, 'body');
        const out = await spec.handler({ req, reply, params, query, body, principal: req.principal as Principal });
        void reply.code(spec.status ?? 200);
        return out;
      },
    });
  }
}
