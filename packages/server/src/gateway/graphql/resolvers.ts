/**
 * Resolvers. Each one injects the matching REST or compatibility request into the gateway with
 * the caller's own credential, so the permission matrix, tenancy, validation and audit apply
 * exactly as over REST. Subscriptions read the live-tail hub directly, scoped to the tenant.
 */
import { GraphQLError } from 'graphql';
import type { FastifyInstance } from 'fastify';
import type { Permission, Principal } from '../../auth/index.js';
import type { TailHub, TailItem, TailSignal } from '../tail/hub.js';
import { toHubFilters } from '../tail/tail-route.js';

export interface GraphqlContext {
  principal: Principal;
  /** Headers that carry the caller's credential, forwarded to injected requests. */
  credentialHeaders: Record<string, string>;
  remoteAddress: string;
}

type Args = Record<string, unknown>;

function need(ctx: GraphqlContext, p: Permission): void {
  if (!ctx.principal.permissions.has(p)) throw new GraphQLError(`lacks permission ${p}`, { extensions: { code: 'PTR_ERR_FORBIDDEN' } });
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export function makeResolvers(app: FastifyInstance, hub: TailHub): { root: Record<string, unknown>; subscriptionRoot: Record<string, unknown> } {
  const call = async <T>(ctx: GraphqlContext, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> => {
    const res = await app.inject({
      method,
      url,
      headers: { ...ctx.credentialHeaders, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      remoteAddress: ctx.remoteAddress,
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    let parsed: unknown;
    try {
      parsed = res.json();
    } catch {
      parsed = undefined;
    }
    if (res.statusCode >= 400) {
      const e = (parsed as { error?: { code?: string; message?: string } | string; errorType?: string } | undefined)?.error;
      const code = typeof e === 'object' && e?.code ? e.code : res.statusCode === 404 ? 'PTR_ERR_NOT_FOUND' : 'PTR_ERR_QUERY';
      const message = typeof e === 'object' ? (e?.message ?? res.body) : typeof e === 'string' ? e : `${url.split('?')[0]} answered ${res.statusCode}`;
      throw new GraphQLError(message, { extensions: { code, status: res.statusCode } });
    }
    return parsed as T;
  };
  const q = (o: Record<string, unknown>): string => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) p.set(k, String(v));
    return p.toString();
  };
  const enc = encodeURIComponent;
  const hourAgo = (): number => Math.floor(Date.now() / 1000) - 3600;

  const subscription = (signal: TailSignal) => (args: Args, ctx: GraphqlContext) => {
    need(ctx, 'telemetry:read');
    const f = (args['filter'] ?? {}) as { service?: string; severity?: string; text?: string; traceId?: string; attributes?: { key: string; value: string }[] };
    const filters = toHubFilters({
      ...(f.service ? { service: f.service } : {}),
      ...(f.severity ? { severity: f.severity } : {}),
      ...(f.text ? { text: f.text } : {}),
      ...(f.traceId ? { traceId: f.traceId } : {}),
      ...(f.attributes ? { attributes: Object.fromEntries(f.attributes.map((a) => [a.key, a.value])) } : {}),
    });
    const queue: TailItem[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const unsubscribe = hub.subscribe(ctx.principal.tenant, signal, filters, {
      send: (m) => {
        if (m.type === 'missed') return;
        queue.push(...m.items);
        wake?.();
      },
      // Backpressure is the queue length here: a slow GraphQL client drops at the hub's ring.
      bufferedAmount: () => queue.length * 512,
    });
    const iterator: AsyncIterableIterator<Record<string, unknown>> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        while (!done) {
          const item = queue.shift();
          if (item) return { value: { [signal]: { ...item, attributes: JSON.stringify(item.attributes), resource: JSON.stringify(item.resource) } }, done: false };
          await new Promise<void>((r) => (wake = r));
        }
        return { value: undefined, done: true };
      },
      async return() {
        done = true;
        unsubscribe();
        wake?.();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  };

  const subscriptionRoot = { spans: subscription('spans'), logs: subscription('logs') };
  const root = {
    me: (_a: Args, ctx: GraphqlContext) => call(ctx, 'GET', '/api/v1/auth/me'),
    status: (_a: Args, ctx: GraphqlContext) => call(ctx, 'GET', '/api/v1/status'),
    users: async (_a: Args, ctx: GraphqlContext) => (await call<{ users: unknown[] }>(ctx, 'GET', '/api/v1/users')).users,
    apiKeys: async (a: Args, ctx: GraphqlContext) => (await call<{ keys: unknown[] }>(ctx, 'GET', `/api/v1/keys?${q({ includeRevoked: a['includeRevoked'] ? 'true' : undefined })}`)).keys,
    audit: async (a: Args, ctx: GraphqlContext) =>
      (await call<{ records: { before: unknown; after: unknown }[] }>(ctx, 'GET', `/api/v1/audit?${q({ limit: a['limit'], action: a['action'] })}`)).records.map((r) => ({ ...r, before: json(r.before), after: json(r.after) })),
    services: async (_a: Args, ctx: GraphqlContext) => {
      const r = await call<{ tagValues?: (string | { value: string })[] }>(ctx, 'GET', '/tempo/api/search/tag/service.name/values');
      return (r.tagValues ?? []).map((v) => (typeof v === 'string' ? v : v.value));
    },
    traces: async (a: Args, ctx: GraphqlContext) => (await call<{ traces?: unknown[] }>(ctx, 'GET', `/tempo/api/search?${q({ q: a['query'], limit: a['limit'], start: hourAgo() })}`)).traces ?? [],
    logs: async (a: Args, ctx: GraphqlContext) => {
      const r = await call<{ data: { resultType: string; result: { stream?: Record<string, string>; values?: [string, string][] }[] } }>(
        ctx,
        'GET',
        `/loki/api/v1/query_range?${q({ query: a['query'], limit: a['limit'], start: `${hourAgo()}000000000` })}`,
      );
      return r.data.result.flatMap((s) => (s.values ?? []).map(([t, line]) => ({ time: t, labels: JSON.stringify(s.stream ?? {}), line })));
    },
    metrics: async (a: Args, ctx: GraphqlContext) => {
      const r = await call<{ data: { resultType: string; result: unknown } }>(ctx, 'GET', `/prometheus/api/v1/query?${q({ query: a['query'] })}`);
      const d = r.data;
      if (d.resultType === 'vector') return (d.result as { metric: Record<string, string>; value: [number, string] }[]).slice(0, Number(a['limit'] ?? 100)).map((v) => ({ labels: JSON.stringify(v.metric), time: v.value[0], value: v.value[1] }));
      if (d.resultType === 'scalar' || d.resultType === 'string') {
        const [t, v] = d.result as [number, string];
        return [{ labels: '{}', time: t, value: v }];
      }
      throw new GraphQLError('metrics: only instant queries (vector or scalar) are supported here; use the Prometheus API for ranges', { extensions: { code: 'PTR_ERR_QUERY' } });
    },
    createUser: (a: Args, ctx: GraphqlContext) => call(ctx, 'POST', '/api/v1/users', { username: a['username'], password: a['password'], role: a['role'] }),
    updateUser: (a: Args, ctx: GraphqlContext) => {
      const { id, ...patch } = a;
      return call(ctx, 'PATCH', `/api/v1/users/${enc(String(id))}`, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null)));
    },
    deleteUser: async (a: Args, ctx: GraphqlContext) => (await call<{ deleted: boolean }>(ctx, 'DELETE', `/api/v1/users/${enc(String(a['id']))}`)).deleted,
    createApiKey: (a: Args, ctx: GraphqlContext) => call(ctx, 'POST', '/api/v1/keys', { name: a['name'], scopes: a['scopes'], ...(a['expiresIn'] ? { expiresIn: a['expiresIn'] } : {}) }),
    revokeApiKey: (a: Args, ctx: GraphqlContext) => call(ctx, 'DELETE', `/api/v1/keys/${enc(String(a['id']))}`),
  };
  return { root, subscriptionRoot };
}
