/**
 * Loki's HTTP API under /loki (what Grafana's Loki data source and Loki clients call): push
 * (JSON or snappy protobuf, 204 once durable), query_range and query (logql.ts), labels,
 * label values and series, index stats and volume (index-routes.ts), buildinfo. Timestamps are Unix ns (also s, ms, µs, RFC 3339), default the last hour;
 * every request is authenticated and tenant-scoped.
 */
import { createGunzip } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { ptrError } from '../../errors/index.js';
import { DEFAULT_INGEST_LIMITS } from '../../model/index.js';
import type { QueryContext } from '../context.js';
import { limitParam, nowNs, oneString, parseTime, queryBounds } from '../params.js';
import { ingestAccess, readAccess, tenantOf } from '../tenant.js';
import { evaluate, type EvalRange } from './evaluate.js';
import { isLabelKey, keysForLabel, labelName, matcherFor, streamLabels } from './labels.js';
import { parseLogQL } from './logql.js';
import { decodeLokiPush } from './push.js';
import { lokiIndexRoutes } from './index-routes.js';
import { direction, rangeOf, stepOf, success } from './request.js';

type Query = Record<string, unknown>;

async function runQuery(q: QueryContext, req: FastifyRequest, instant: boolean) {
  const query = { ...(req.query as Query), ...((req.body as Query | undefined) ?? {}) };
  const text = oneString(query.query);
  if (!text) throw ptrError('PTR_ERR_VALIDATION', 'query: required');
  const expr = parseLogQL(text);
  let r: EvalRange;
  const limit = limitParam(oneString(query.limit), 'limit', 100, q.limits);
  if (instant) {
    const time = oneString(query.time);
    const t = time ? parseTime(time, 'time') : nowNs();
    r = { startNs: t, endNs: t, stepNs: 1n, instant: true, limit, direction: direction(query), signal: req.signal };
  } else {
    const range = rangeOf(q, query);
    r = { ...range, stepNs: stepOf(query, range.startNs, range.endNs), instant: false, limit, direction: direction(query), signal: req.signal };
  }
  const t0 = performance.now();
  const out = await evaluate(q, tenantOf(req), expr, r);
  const execTime = (performance.now() - t0) / 1000;
  return success({
    resultType: out.resultType,
    result: out.result,
    stats: { summary: { execTime, totalLinesProcessed: out.lines ?? 0, totalEntriesReturned: out.lines ?? 0 } },
  });
}

export function lokiRoutes(q: QueryContext, maxPushBytes: number): void {
  const read = readAccess(q.auth);
  const ingest = ingestAccess(q.auth);
  void q.app.register(
    async (app) => {
      app.addContentTypeParser(['application/x-protobuf', 'application/protobuf'], { parseAs: 'buffer', bodyLimit: maxPushBytes }, (_req, body, done) => done(null, body));
      // gzip bodies (JSON pushes may be compressed): the body limit applies after decompression.
      app.addHook('preParsing', async (req, _reply, payload) => {
        const enc = String(req.headers['content-encoding'] ?? '').toLowerCase();
        if (enc === '' || enc === 'identity') return payload;
        if (enc !== 'gzip') throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${enc}: only gzip is supported`);
        delete req.headers['content-length'];
        return payload.pipe(createGunzip());
      });

      app.post('/api/v1/push', { onRequest: ingest, bodyLimit: maxPushBytes }, async (req, reply) => {
        const batch = decodeLokiPush(req.body, String(req.headers['content-type'] ?? ''), tenantOf(req), DEFAULT_INGEST_LIMITS, maxPushBytes);
        if (batch.count > 0) await q.bus.publish('logs', batch);
        return reply.code(204).send();
      });

      app.get('/api/v1/query_range', { onRequest: read }, (req) => runQuery(q, req, false));
      app.post('/api/v1/query_range', { onRequest: read }, (req) => runQuery(q, req, false));
      app.get('/api/v1/query', { onRequest: read }, (req) => runQuery(q, req, true));
      app.post('/api/v1/query', { onRequest: read }, (req) => runQuery(q, req, true));

      const labels = async (req: FastifyRequest) => {
        const keys = await q.logs.resourceKeys(tenantOf(req), rangeOf(q, req.query as Query, 6n * 3_600_000_000_000n), queryBounds(q.limits, req.signal));
        return success([...new Set(['service_name', ...keys.filter(isLabelKey).map(labelName)])].sort());
      };
      app.get('/api/v1/labels', { onRequest: read }, labels);
      app.post('/api/v1/labels', { onRequest: read }, labels);
      const series = async (req: FastifyRequest) => {
        const query = { ...(req.query as Query), ...((req.body as Query | undefined) ?? {}) };
        const raw = query['match[]'] ?? query.match;
        const selectors = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
        if (selectors.length === 0) throw ptrError('PTR_ERR_VALIDATION', 'match[]: at least one stream selector is required');
        const range = rangeOf(q, query, 6n * 3_600_000_000_000n);
        const limit = limitParam(oneString(query.limit), 'limit', 1000, q.limits);
        const out = new Map<string, Record<string, string>>();
        for (const text of selectors) {
          const sel = parseLogQL(text);
          if (sel.kind !== 'log') throw ptrError('PTR_ERR_QUERY', `match[]: expected a stream selector, got ${JSON.stringify(text.slice(0, 80))}`);
          const filter = { range, resourceMatchers: sel.matchers.map((m) => matcherFor(m.label, m.op, m.value)), lineFilters: sel.filters };
          for (const r of await q.logs.resources(tenantOf(req), filter, queryBounds(q.limits, req.signal), limit)) {
            const labels = streamLabels(r.serviceName, r.resourceText);
            out.set(JSON.stringify(labels), labels);
          }
        }
        return success([...out.values()].slice(0, limit));
      };
      app.get('/api/v1/series', { onRequest: read }, series);
      lokiIndexRoutes(app, q, read);
      app.post('/api/v1/series', { onRequest: read }, series);
      app.get('/api/v1/label/:name/values', { onRequest: read }, async (req) => {
        const { name } = req.params as { name: string };
        const query = req.query as Query;
        const range = rangeOf(q, query, 6n * 3_600_000_000_000n);
        const limit = limitParam(oneString(query.limit), 'limit', 1000, q.limits);
        const values = await q.logs.resourceValues(tenantOf(req), keysForLabel(name), false, range, queryBounds(q.limits, req.signal), limit);
        if (name === 'service_name' && values.length === 0) {
          const svc = await q.logs.resourceValues(tenantOf(req), [], true, range, queryBounds(q.limits, req.signal), limit);
          return success(svc);
        }
        return success(values);
      });
    },
    { prefix: '/loki' },
  );
}
