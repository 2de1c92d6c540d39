/**
 * Pointer's trace REST API under /api/v1: trace by id, trace search (summaries), services,
 * operations, attribute keys and values. Times are Unix (s, ms, µs or ns) or RFC 3339;
 * durations are Go/Prometheus durations; every query is tenant-scoped and bounded.
 */
import { z } from 'zod';
import { ptrError } from '../../errors/index.js';
import type { AttributeFilter, TraceSearch } from '../../store/traces/trace-store.js';
import type { AddRoute } from './route-group.js';
import type { QueryContext } from '../context.js';
import { limitParam, parseDurationNs, parseTime, queryBounds, timeRange, traceIdParam } from '../params.js';

const strings = z.union([z.string(), z.array(z.string())]).optional();
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const rangeQuery = { start: z.string().optional(), end: z.string().optional() };

export function parseAttributeFilters(eq: string[], contains: string[]): AttributeFilter[] {
  const one = (s: string, op: AttributeFilter['op'], name: string): AttributeFilter => {
    const i = s.indexOf('=');
    if (i <= 0) throw ptrError('PTR_ERR_VALIDATION', `${name}: expected key=value, got ${JSON.stringify(s.slice(0, 64))}`);
    return { key: s.slice(0, i), op, value: s.slice(i + 1) };
  };
  const out = [...eq.map((s) => one(s, 'eq', 'attr')), ...contains.map((s) => one(s, 'contains', 'attrContains'))];
  if (out.length > 20) throw ptrError('PTR_ERR_QUERY_LIMIT', 'at most 20 attribute filters per query');
  return out;
}

const summary = z.object({
  traceId: z.string(), rootServiceName: z.string(), rootSpanName: z.string(), startTimeUnixNano: z.string(), durationNanos: z.string(),
  spanCount: z.number(), errorCount: z.number(), services: z.array(z.string()), matchedCount: z.number(),
  matched: z.array(z.object({ spanId: z.string(), startTimeUnixNano: z.string(), durationNanos: z.string() })),
});

export function traceRoutes(q: QueryContext, add: AddRoute): void {
  const range = (start?: string, end?: string) =>
    timeRange(start ? parseTime(start, 'start') : undefined, end ? parseTime(end, 'end') : undefined, q.limits);

  add({
    method: 'GET', url: '/traces/:traceId', permission: 'telemetry:read', tag: 'traces',
    summary: 'One trace with every span, as OTLP/JSON resourceSpans (hex ids, typed attributes, events, links, status).',
    params: z.object({ traceId: z.string() }),
    query: z.object(rangeQuery),
    response: z.object({ traceId: z.string(), resourceSpans: z.array(z.record(z.string(), z.unknown())) }),
    async handler({ params, query, principal, req }) {
      const id = traceIdParam(params.traceId);
      const r = query.start || query.end ? range(query.start, query.end) : undefined;
      const t = await q.traces.getTrace(principal.tenant, id, queryBounds(q.limits, req.signal), r, q.limits.maxTraceSpans);
      if (!t) throw ptrError('PTR_ERR_NOT_FOUND', `trace ${id} not found`);
      return { traceId: id, resourceSpans: t.resourceSpans };
    },
  });

  add({
    method: 'GET', url: '/traces', permission: 'telemetry:read', tag: 'traces',
    summary: 'Search traces (newest first): service, spanName, status, min/maxDuration, attr=k=v (exact), attrContains=k=v, start, end (default: the last hour), limit.',
    query: z.object({
      ...rangeQuery, service: z.string().optional(), spanName: z.string().optional(), operation: z.string().optional(),
      status: z.enum(['unset', 'ok', 'error']).optional(), minDuration: z.string().optional(), maxDuration: z.string().optional(),
      attr: strings, attrContains: strings, limit: z.string().optional(),
    }),
    response: z.object({ traces: z.array(summary) }),
    async handler({ query, principal, req }) {
      const search: TraceSearch = {
        range: range(query.start, query.end),
        limit: limitParam(query.limit, 'limit', 20, q.limits),
        attributes: parseAttributeFilters(list(query.attr), list(query.attrContains)),
        ...(query.service !== undefined ? { service: query.service } : {}),
        ...((query.spanName ?? query.operation) !== undefined ? { spanName: (query.spanName ?? query.operation)! } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.minDuration ? { minDurationNs: parseDurationNs(query.minDuration, 'minDuration') } : {}),
        ...(query.maxDuration ? { maxDurationNs: parseDurationNs(query.maxDuration, 'maxDuration') } : {}),
      };
      return { traces: await q.traces.search(principal.tenant, search, queryBounds(q.limits, req.signal)) };
    },
  });

  add({
    method: 'GET', url: '/services', permission: 'telemetry:read', tag: 'traces',
    summary: 'Services that sent spans in the range (default: the last hour).',
    query: z.object(rangeQuery),
    response: z.object({ services: z.array(z.string()) }),
    async handler({ query, principal, req }) {
      return { services: await q.traces.services(principal.tenant, range(query.start, query.end), queryBounds(q.limits, req.signal)) };
    },
  });

  const operations = z.object({ operations: z.array(z.object({ name: z.string(), kind: z.string(), count: z.number() })) });
  add({
    method: 'GET', url: '/services/:service/operations', permission: 'telemetry:read', tag: 'traces',
    summary: 'Span names (operations) of a service with their kind and span count.',
    params: z.object({ service: z.string() }),
    query: z.object(rangeQuery),
    response: operations,
    async handler({ params, query, principal, req }) {
      return { operations: await q.traces.operations(principal.tenant, params.service, range(query.start, query.end), queryBounds(q.limits, req.signal)) };
    },
  });
  add({
    method: 'GET', url: '/operations', permission: 'telemetry:read', tag: 'traces',
    summary: 'Span names (operations), optionally of one service.',
    query: z.object({ ...rangeQuery, service: z.string().optional() }),
    response: operations,
    async handler({ query, principal, req }) {
      return { operations: await q.traces.operations(principal.tenant, query.service, range(query.start, query.end), queryBounds(q.limits, req.signal)) };
    },
  });

  const scope = z.enum(['span', 'resource', 'all']).default('all');
  add({
    method: 'GET', url: '/attributes', permission: 'telemetry:read', tag: 'traces',
    summary: 'Span and resource attribute keys seen in the range.',
    query: z.object({ ...rangeQuery, scope }),
    response: z.object({ span: z.array(z.string()), resource: z.array(z.string()) }),
    async handler({ query, principal, req }) {
      return q.traces.attributeKeys(principal.tenant, query.scope, range(query.start, query.end), queryBounds(q.limits, req.signal));
    },
  });
  add({
    method: 'GET', url: '/attributes/:key/values', permission: 'telemetry:read', tag: 'traces',
    summary: 'Values of one attribute with their OTLP type and span count, most frequent first.',
    params: z.object({ key: z.string().min(1).max(1024) }),
    query: z.object({ ...rangeQuery, scope, limit: z.string().optional() }),
    response: z.object({ values: z.array(z.object({ value: z.string(), type: z.string(), count: z.number() })) }),
    async handler({ params, query, principal, req }) {
      const limit = limitParam(query.limit, 'limit', 100, q.limits);
      return { values: await q.traces.attributeValues(principal.tenant, params.key, query.scope, range(query.start, query.end), queryBounds(q.limits, req.signal), limit) };
    },
  });
}
