/**
 * Tempo's HTTP API under /tempo (what Grafana's Tempo data source calls): echo, trace by id
 * (v1: OTLP JSON with `batches`, or OTLP protobuf for `Accept: application/protobuf`; v2:
 * TraceByIDResponse), search by tags or TraceQL (traceql.ts, traceql-parse.ts), tag names and values.
 * Times are Unix seconds; every request is authenticated and tenant-scoped.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ptrError } from '../../errors/index.js';
import type { AttributeScope, TraceSummary } from '../../store/traces/trace-store.js';
import type { QueryContext } from '../context.js';
import { limitParam, oneString, parseDurationNs, parseTime, queryBounds, timeRange, traceIdParam } from '../params.js';
import { readAccess, tenantOf } from '../tenant.js';
import { VERSION } from '../../version.js';
import { criteriaFromTags, criteriaFromTraceQL, MAX_TRACEQL_LENGTH, type SearchCriteria } from './traceql.js';
import { parseTraceQL } from './traceql-parse.js';
import type { TraceFilter } from '../../store/traces/trace-filter.js';
import { traceByIdResponseProtobuf, tracesDataProtobuf } from './otlp-proto.js';

type Query = Record<string, unknown>;

const INTRINSIC_TAGS = ['duration', 'kind', 'name', 'rootName', 'rootServiceName', 'status', 'statusMessage', 'traceDuration'];
const KEYWORD_TAGS = new Set(['status', 'kind']);
const TYPE_FOR_TEMPO: Record<string, string> = { string: 'string', int: 'int', double: 'float', bool: 'bool' };

function wantsProtobuf(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return /application\/(x-)?protobuf/i.test(accept);
}

function secondsRange(q: QueryContext, query: Query) {
  const start = oneString(query.start);
  const end = oneString(query.end);
  // Tempo's end is a whole Unix second: include all of that second, so a span that ended
  // a few milliseconds ago is found by a search that ends "now" (as Grafana sends it).
  const endNs = end ? parseTime(end, 'end', 's') + (/^\d+$/.test(end.trim()) ? 999_999_999n : 0n) : undefined;
  return timeRange(start ? parseTime(start, 'start', 's') : undefined, endNs, q.limits);
}

function searchResponse(traces: TraceSummary[]) {
  return {
    traces: traces.map((t) => {
      const spanSet = {
        spans: t.matched.map((m) => ({ spanID: m.spanId, name: m.name, startTimeUnixNano: m.startTimeUnixNano, durationNanos: m.durationNanos, attributes: m.attributes })),
        matched: t.matchedCount,
      };
      return {
        traceID: t.traceId,
        rootServiceName: t.rootServiceName,
        rootTraceName: t.rootSpanName,
        startTimeUnixNano: t.startTimeUnixNano,
        durationMs: Math.round(Number(t.durationNanos) / 1e6),
        spanSet,
        spanSets: [spanSet],
      };
    }),
    metrics: { inspectedTraces: traces.length },
  };
}

/** `resource.x`, `span.x`, `.x` (any scope) or an intrinsic. */
function tagTarget(tag: string): { key: string; scope: AttributeScope; intrinsic: boolean } {
  if (tag.startsWith('resource.')) return { key: tag.slice(9), scope: 'resource', intrinsic: false };
  if (tag.startsWith('span.')) return { key: tag.slice(5), scope: 'span', intrinsic: false };
  if (tag.startsWith('.')) return { key: tag.slice(1), scope: 'all', intrinsic: false };
  if (['name', 'status', 'kind', 'statusMessage'].includes(tag)) return { key: tag, scope: 'all', intrinsic: true };
  return { key: tag, scope: 'all', intrinsic: false };
}

/**
 * The `q` of a tag-values request: Grafana's builder sends the other conditions of the query
 * being written, often unfinished (`{ span.x = "a" && span.y = }`). As Tempo, values are narrowed
 * by what can be read and the rest is ignored: a query that does not parse narrows nothing.
 */
function valuesFilter(tql: string | undefined): TraceFilter | undefined {
  if (!tql || tql.trim() === '' || tql.trim() === '{}' || tql.length > MAX_TRACEQL_LENGTH) return undefined;
  try {
    return parseTraceQL(tql);
  } catch {
    return undefined;
  }
}

export function tempoRoutes(q: QueryContext): void {
  const onRequest = readAccess(q.auth);
  void q.app.register(
    async (app) => {
      app.addHook('onRequest', onRequest);
      app.get('/api/echo', async (_req, reply) => reply.type('text/plain').send('echo'));
      app.get('/api/status/buildinfo', async () => ({ version: VERSION, revision: '', branch: '', buildDate: '', buildUser: '', goVersion: '' }));

      const getTrace = async (req: FastifyRequest, reply: FastifyReply, v2: boolean) => {
        const { id } = req.params as { id: string };
        const query = req.query as Query;
        const traceId = traceIdParam(id, 'trace id');
        const range = oneString(query.start) || oneString(query.end) ? secondsRange(q, query) : undefined;
        const t = await q.traces.getTrace(tenantOf(req), traceId, queryBounds(q.limits, req.signal), range, q.limits.maxTraceSpans);
        if (!t) throw ptrError('PTR_ERR_NOT_FOUND', `trace not found: ${traceId}`);
        if (wantsProtobuf(req)) {
          const bytes = v2 ? traceByIdResponseProtobuf(t.resourceSpans) : tracesDataProtobuf(t.resourceSpans);
          return reply.type('application/protobuf').send(Buffer.from(bytes));
        }
        return v2 ? { trace: { resourceSpans: t.resourceSpans } } : { batches: t.resourceSpans };
      };
      app.get('/api/traces/:id', (req, reply) => getTrace(req, reply, false));
      app.get('/api/v2/traces/:id', (req, reply) => getTrace(req, reply, true));

      app.get('/api/search', async (req) => {
        const query = req.query as Query;
        const tql = oneString(query.q);
        const tags = oneString(query.tags);
        const criteria: SearchCriteria = tql && tql.trim() !== '' ? criteriaFromTraceQL(tql) : tags ? criteriaFromTags(tags) : {};
        const minDuration = oneString(query.minDuration);
        const maxDuration = oneString(query.maxDuration);
        if (minDuration) criteria.minDurationNs = parseDurationNs(minDuration, 'minDuration');
        if (maxDuration) criteria.maxDurationNs = parseDurationNs(maxDuration, 'maxDuration');
        const spss = oneString(query.spss);
        const traces = await q.traces.search(
          tenantOf(req),
          { ...criteria, range: secondsRange(q, query), limit: limitParam(oneString(query.limit), 'limit', 20, q.limits), spansPerTrace: spss ? limitParam(spss, 'spss', 3, q.limits) : 3 },
          queryBounds(q.limits, req.signal),
        );
        return searchResponse(traces);
      });

      const keys = async (req: FastifyRequest) => {
        const query = req.query as Query;
        const scope = oneString(query.scope) ?? 'all';
        if (!['all', 'span', 'resource', 'intrinsic', 'none', ''].includes(scope)) throw ptrError('PTR_ERR_VALIDATION', `scope: expected resource, span, intrinsic or all, got ${JSON.stringify(scope)}`);
        const k = scope === 'intrinsic' ? { span: [], resource: [] } : await q.traces.attributeKeys(tenantOf(req), scope === 'span' || scope === 'resource' ? scope : 'all', secondsRange(q, query), queryBounds(q.limits, req.signal));
        return { scope, ...k };
      };
      app.get('/api/search/tags', async (req) => {
        const k = await keys(req);
        return { tagNames: [...new Set([...k.span, ...k.resource])].sort() };
      });
      app.get('/api/v2/search/tags', async (req) => {
        const k = await keys(req);
        const scopes = [];
        if (k.scope !== 'intrinsic' && k.scope !== 'span') scopes.push({ name: 'resource', tags: k.resource });
        if (k.scope !== 'intrinsic' && k.scope !== 'resource') scopes.push({ name: 'span', tags: k.span });
        if (k.scope === 'all' || k.scope === 'intrinsic' || k.scope === '' || k.scope === 'none') scopes.push({ name: 'intrinsic', tags: INTRINSIC_TAGS });
        return { scopes };
      });

      const values = async (req: FastifyRequest) => {
        const { tag } = req.params as { tag: string };
        const query = req.query as Query;
        const t = tagTarget(tag);
        const limit = limitParam(oneString(query.limit), 'limit', 1000, q.limits);
        const vals = await q.traces.attributeValues(tenantOf(req), t.key, t.scope, secondsRange(q, query), queryBounds(q.limits, req.signal), limit, valuesFilter(oneString(query.q)));
        return { t, vals };
      };
      app.get('/api/search/tag/:tag/values', async (req) => {
        const { vals } = await values(req);
        return { tagValues: [...new Set(vals.map((v) => v.value))] };
      });
      app.get('/api/v2/search/tag/:tag/values', async (req) => {
        const { t, vals } = await values(req);
        return {
          tagValues: vals.map((v) => ({ type: t.intrinsic && KEYWORD_TAGS.has(t.key) ? 'keyword' : (TYPE_FOR_TEMPO[v.type] ?? 'string'), value: t.intrinsic && KEYWORD_TAGS.has(t.key) ? v.value.toLowerCase() : v.value })),
        };
      });
    },
    { prefix: '/tempo' },
  );
}
