/**
 * POST /graphql (queries, mutations) and GET /graphql upgraded to graphql-ws (subscriptions).
 * Depth and cost limits are checked before anything runs. Over HTTP the credential is checked
 * by GatewayAuth like any route; over graphql-ws it comes in connectionParams.token (or the
 * upgrade's Authorization header) and is checked in onConnect.
 */
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/websocket';
import { execute, GraphQLError, parse, subscribe, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { makeHandler } from 'graphql-ws/use/@fastify/websocket';
import { z } from 'zod';
import { credentialFromHeaders, type GatewayAuth, type Principal } from '../../auth/index.js';
import { asPtrError, isPtrError, ptrError } from '../../errors/index.js';
import type { TailHub } from '../tail/hub.js';
import { validationMessage } from '../route-book.js';
import { enforceLimits, type QueryLimits } from './limits.js';
import { makeResolvers, type GraphqlContext } from './resolvers.js';
import { gatewaySchema } from './schema.js';

const body = z.strictObject({
  query: z.string().min(1).max(100_000),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().max(256).nullish(),
});

function errorResult(err: unknown): ExecutionResult {
  const e = asPtrError(err);
  return { errors: [new GraphQLError(e.message, { extensions: { code: e.code, ...(e.details ?? {}) } })] };
}

function credentialHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of ['authorization', 'x-pointer-key', 'x-pointer-tenant']) {
    const v = headers[h];
    if (typeof v === 'string') out[h] = v;
  }
  return out;
}

export function registerGraphql(app: FastifyInstance, auth: GatewayAuth, hub: TailHub, limits: QueryLimits): GraphQLSchema {
  const schema = gatewaySchema();
  const { root, subscriptionRoot } = makeResolvers(app, hub);

  const prepare = (query: string, variables: Record<string, unknown> | undefined): DocumentNode => {
    let doc: DocumentNode;
    try {
      doc = parse(query);
    } catch (err) {
      throw ptrError('PTR_ERR_QUERY', (err as Error).message);
    }
    const errors = validate(schema, doc);
    if (errors.length) throw ptrError('PTR_ERR_QUERY', errors.map((e) => e.message).join('; '));
    enforceLimits(doc, limits, variables);
    return doc;
  };

  app.post('/graphql', { onRequest: auth.require('status:read') }, async (req) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) throw ptrError('PTR_ERR_VALIDATION', validationMessage('body', parsed.error));
    const variables = parsed.data.variables ?? undefined;
    let doc: DocumentNode;
    try {
      doc = prepare(parsed.data.query, variables);
    } catch (err) {
      if (isPtrError(err)) return errorResult(err);
      throw err;
    }
    const ctx: GraphqlContext = { principal: req.principal as Principal, credentialHeaders: credentialHeaders(req.headers), remoteAddress: req.ip };
    return execute({ schema, document: doc, rootValue: root, contextValue: ctx, variableValues: variables, operationName: parsed.data.operationName ?? undefined });
  });

  const wsHandler = makeHandler<{ token?: string }, { ctx: GraphqlContext }>({
    schema,
    // Our own graphql functions: graphql-ws may load another copy of the graphql module (ESM
    // versus CJS), and graphql-js refuses a schema made by another copy.
    execute: (args) => execute(args as Parameters<typeof execute>[0]),
    subscribe: (args) => subscribe(args as Parameters<typeof subscribe>[0]),
    validate: (s2, doc) => validate(s2 as GraphQLSchema, doc as DocumentNode),
    roots: { query: root, mutation: root, subscription: subscriptionRoot } as never,
    async onConnect(c) {
      const req = c.extra.request;
      const token = typeof c.connectionParams?.token === 'string' ? c.connectionParams.token : undefined;
      try {
        const principal = await auth.authorize(req.headers, req.ip, 'status:read', token);
        const cred = token ?? credentialFromHeaders(req.headers);
        (c.extra as { ctx?: GraphqlContext }).ctx = { principal, credentialHeaders: { ...credentialHeaders(req.headers), ...(cred ? { authorization: `Bearer ${cred}` } : {}) }, remoteAddress: req.ip };
        return true;
      } catch {
        return false;
      }
    },
    context: (c) => (c.extra as { ctx?: GraphqlContext }).ctx!,
    onSubscribe(_c, _id, payload) {
      try {
        prepare(payload.query, payload.variables ?? undefined);
      } catch (err) {
        const r = errorResult(err);
        return [...(r.errors ?? [])];
      }
      return undefined;
    },
  });
  app.get('/graphql', { websocket: true }, wsHandler);
  return schema;
}
