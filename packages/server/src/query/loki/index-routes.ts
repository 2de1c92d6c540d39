/**
 * Loki's index endpoints, which Grafana calls around a query: `/index/stats` (how much a
 * selector would read: Grafana shows it before running a query) and `/index/volume` (bytes per
 * stream or per label, for volume panels and Logs Drilldown), and `/status/buildinfo`. Pointer
 * keeps no chunks, so stats report `chunks: 0`; entries and bytes are exact (the bodies' bytes).
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ptrError } from '../../errors/index.js';
import type { QueryContext } from '../context.js';
import { limitParam, oneString, queryBounds } from '../params.js';
import { tenantOf } from '../tenant.js';
import { VERSION } from '../../version.js';
import { matcherFor, streamLabels } from './labels.js';
import { parseLogQL, type LogQLExpr, type LogSelector } from './logql.js';
import { rangeOf, success } from './request.js';

type Query = Record<string, unknown>;

/** The stream selector of a log or metric query (the first one, as Loki's index endpoints read it). */
function selectorOf(e: LogQLExpr): LogSelector | undefined {
  if (e.kind === 'log') return e;
  if (e.kind === 'range') return e.selector;
  if (e.kind === 'aggregate') return selectorOf(e.inner);
  return undefined;
}

function volumesOf(q: QueryContext, req: FastifyRequest, limit: number) {
  const query = req.query as Query;
  const text = oneString(query.query);
  if (!text) throw ptrError('PTR_ERR_VALIDATION', 'query: required');
  const sel = selectorOf(parseLogQL(text));
  if (!sel) throw ptrError('PTR_ERR_QUERY', `query: expected a stream selector, got ${JSON.stringify(text.slice(0, 80))}`);
  const range = rangeOf(q, query);
  const filter = { range, resourceMatchers: sel.matchers.map((m) => matcherFor(m.label, m.op, m.value)), lineFilters: sel.filters };
  return { sel, range, volumes: q.logs.resourceVolumes(tenantOf(req), filter, queryBounds(q.limits, req.signal), limit) };
}

export function lokiIndexRoutes(app: FastifyInstance, q: QueryContext, read: onRequestHookHandler): void {
  app.get('/api/v1/status/buildinfo', { onRequest: read }, async () => ({ version: VERSION, revision: '', branch: '', buildUser: 'pointer', buildDate: '', goVersion: '' }));

  // Loki answers stats without the status envelope
  app.get('/api/v1/index/stats', { onRequest: read }, async (req) => {
    const { volumes } = volumesOf(q, req, 100_000);
    const rows = await volumes;
    const streams = new Set(rows.map((r) => JSON.stringify(streamLabels(r.serviceName, r.resourceText))));
    return { streams: streams.size, chunks: 0, entries: rows.reduce((n, r) => n + r.entries, 0), bytes: rows.reduce((n, r) => n + r.bytes, 0) };
  });

  // bytes per series (the labels the selector names, or targetLabels), largest first
  app.get('/api/v1/index/volume', { onRequest: read }, async (req) => {
    const query = req.query as Query;
    const limit = limitParam(oneString(query.limit), 'limit', 100, q.limits);
    const { sel, range, volumes } = volumesOf(q, req, 100_000);
    const target = (oneString(query.targetLabels) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const aggregateBy = oneString(query.aggregateBy) ?? 'series';
    if (aggregateBy !== 'series' && aggregateBy !== 'labels') throw ptrError('PTR_ERR_VALIDATION', `aggregateBy: expected series or labels, got ${JSON.stringify(aggregateBy)}`);
    const names = target.length > 0 ? target : [...new Set(sel.matchers.map((m) => m.label))];
    const sums = new Map<string, { metric: Record<string, string>; bytes: number }>();
    for (const r of await volumes) {
      const labels = streamLabels(r.serviceName, r.resourceText);
      // by labels: one series per label name present, keyed by that label alone
      const keys = aggregateBy === 'labels' ? names.filter((n) => labels[n] !== undefined).map((n) => ({ [n]: labels[n]! })) : [Object.fromEntries(names.filter((n) => labels[n] !== undefined).map((n) => [n, labels[n]!]))];
      for (const metric of keys) {
        const k = JSON.stringify(metric);
        const s = sums.get(k) ?? sums.set(k, { metric, bytes: 0 }).get(k)!;
        s.bytes += r.bytes;
      }
    }
    const at = Number(range.endNs / 1_000_000n) / 1000;
    const result = [...sums.values()].sort((a, b) => b.bytes - a.bytes).slice(0, limit).map((s) => ({ metric: s.metric, value: [at, String(s.bytes)] }));
    return success({ resultType: 'vector', result });
  });
}
