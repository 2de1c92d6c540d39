/** Pointer's log search under /api/v1/logs: newest first, paged with an opaque cursor. */
import { z } from 'zod';
import type { LogFilter } from '../../store/logs/log-store.js';
import type { QueryContext } from '../context.js';
import { limitParam, parseTime, queryBounds, timeRange, traceIdParam } from '../params.js';
import { parseLogText, parseSeverity } from './log-text.js';
import type { AddRoute } from './route-group.js';
import { parseAttributeFilters } from './trace-routes.js';

const strings = z.union([z.string(), z.array(z.string())]).optional();
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const obj = z.record(z.string(), z.unknown());

export function logRoutes(q: QueryContext, add: AddRoute): void {
  add({
    method: 'GET', url: '/logs', permission: 'telemetry:read', tag: 'logs',
    summary: 'Search log records, newest first: start, end (default: the last hour), service, severity (minimum), q (words, "phrases", -exclusions), attr=k=v, attrContains=k=v, traceId, limit, cursor.',
    query: z.object({
      start: z.string().optional(), end: z.string().optional(), service: z.string().optional(), severity: z.string().optional(),
      q: z.string().max(4096).optional(), attr: strings, attrContains: strings, traceId: z.string().optional(), limit: z.string().optional(),
      cursor: z.string().max(200).optional(),
    }),
    response: z.object({
      logs: z.array(z.object({ serviceName: z.string(), resource: obj, resourceSchemaUrl: z.string(), scope: obj, scopeSchemaUrl: z.string(), record: obj })),
      nextCursor: z.string().optional(),
    }),
    async handler({ query, principal, req }) {
      const filter: LogFilter = {
        range: timeRange(query.start ? parseTime(query.start, 'start') : undefined, query.end ? parseTime(query.end, 'end') : undefined, q.limits),
        attributes: parseAttributeFilters(list(query.attr), list(query.attrContains)),
        ...(query.service !== undefined ? { service: query.service } : {}),
        ...(query.severity ? { minSeverity: parseSeverity(query.severity) } : {}),
        ...(query.q ? { text: parseLogText(query.q) } : {}),
        ...(query.traceId ? { traceId: traceIdParam(query.traceId) } : {}),
      };
      const limit = limitParam(query.limit, 'limit', 100, q.limits);
      const page = await q.logs.search(principal.tenant, filter, limit, query.cursor, queryBounds(q.limits, req.signal));
      return {
        logs: page.records.map((r) => ({ serviceName: r.serviceName, resource: r.resource, resourceSchemaUrl: r.resourceSchemaUrl, scope: r.scope, scopeSchemaUrl: r.scopeSchemaUrl, record: r.record })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  });
}
