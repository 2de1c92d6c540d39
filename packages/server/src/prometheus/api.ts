/**
 * The Prometheus HTTP API (`/api/v1/...` of Prometheus 2.x) as a Fastify plugin, mounted under
 * `/prometheus` on the gateway: queries, metadata, exemplars, build info, query formatting, and
 * the remote-write receiver. GET and form-encoded POST everywhere Prometheus allows them.
 * Every route is tenant-scoped through GatewayAuth (see tenant.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Permission } from '../auth/permissions.js';
import type { PromQLEngine, QueryResult } from '../promql/engine-api.js';
import { badDataError } from '../promql/errors.js';
import type { MetricStore } from '../store/metrics/metric-store.js';
import { VERSION } from '../version.js';
import { sendPromError, success } from './errors.js';
import { formatPromFloat, labelsObject, promTime, resultData } from './format.js';
import { MAX_TIME_MS, MIN_TIME_MS, Params, parseDurationParam, parseLimit, parseTimeParam } from './params.js';
import { parseMatchers, vectorSelectors, type ParseFn } from './selectors.js';
import { requestTenant } from './tenant.js';
import { remoteWriteRoute, type RemoteWriteOptions } from './remote-write/route.js';

export interface PrometheusApiOptions {
  store: MetricStore;
  engine: PromQLEngine;
  parse: ParseFn;
  format: (query: string) => string;
  require: (permission: Permission) => onRequestAsyncHookHandler;
  /** Upper bound and default of the `timeout` parameter. */
  queryTimeoutMs: number;
  remoteWrite: RemoteWriteOptions;
}

/** Prometheus refuses range queries with more points than this per series. */
const MAX_POINTS = 11_000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function withTimeout<T>(req: FastifyRequest, p: Params, defaultMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const t = p.get('timeout');
  const ms = t ? Math.min(parseDurationParam(t, 'timeout'), defaultMs) : defaultMs;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  req.raw.once('close', () => {
    if (!req.raw.complete) ac.abort();
  });
  return fn(ac.signal).finally(() => clearTimeout(timer));
}

export async function prometheusApi(api: FastifyInstance, o: PrometheusApiOptions): Promise<void> {
  if (!api.hasContentTypeParser('application/x-www-form-urlencoded')) {
    api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, new URLSearchParams(body as string)));
  }
  api.setErrorHandler((err, _req, reply) => sendPromError(reply, err));
  api.setNotFoundHandler((req, reply) => sendPromError(reply, Object.assign(badDataError(`no such endpoint: ${req.method} ${req.url.split('?')[0]}`), { promErrorType: 'not_found' })));
  const read = o.require('telemetry:read');

  const both = (path: string, handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void => {
    api.get(path, { onRequest: read }, handler);
    api.post(path, { onRequest: read }, handler);
  };

  const instant = (tenant: string, q: string, t: number, signal: AbortSignal): Promise<QueryResult> =>
    o.store.native ? o.store.native.instantQuery(tenant, q, t, signal) : o.engine.instantQuery(o.store.querier(tenant), q, t, signal);

  both('/api/v1/query', async (req) => {
    const p = Params.of(req);
    const q = p.get('query');
    if (q === undefined) throw badDataError('invalid parameter "query": query must not be empty');
    const t = parseTimeParam(p.get('time'), 'time', Date.now());
    const r = await withTimeout(req, p, o.queryTimeoutMs, (signal) => instant(requestTenant(req), q, t, signal));
    return success(resultData(r));
  });

  both('/api/v1/query_range', async (req) => {
    const p = Params.of(req);
    const q = p.get('query') ?? '';
    const start = parseTimeParam(p.get('start') ?? '', 'start', NaN);
    const end = parseTimeParam(p.get('end') ?? '', 'end', NaN);
    if (Number.isNaN(start)) throw badDataError('invalid parameter "start": cannot parse "" to a valid timestamp');
    if (Number.isNaN(end)) throw badDataError('invalid parameter "end": cannot parse "" to a valid timestamp');
    if (end < start) throw badDataError('invalid parameter "end": end timestamp must not be before start time');
    const stepText = p.get('step');
    if (!stepText) throw badDataError('invalid parameter "step": cannot parse "" to a valid duration');
    const step = parseDurationParam(stepText, 'step');
    if (step <= 0) throw badDataError('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
    if ((end - start) / step > MAX_POINTS) throw badDataError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    const tenant = requestTenant(req);
    const r = await withTimeout(req, p, o.queryTimeoutMs, (signal) =>
      o.store.native ? o.store.native.rangeQuery(tenant, q, start, end, step, signal) : o.engine.rangeQuery(o.store.querier(tenant), q, start, end, step, signal),
    );
    return success(resultData(r));
  });

  both('/api/v1/series', async (req) => {
    const p = Params.of(req);
    const matches = p.all('match[]');
    if (matches.length === 0) throw badDataError('no match[] parameter provided');
    const sel = parseMatchers(o.parse, matches);
    const start = parseTimeParam(p.get('start'), 'start', MIN_TIME_MS);
    const end = parseTimeParam(p.get('end'), 'end', MAX_TIME_MS);
    const limit = parseLimit(p.get('limit'));
    const series = await o.store.querier(requestTenant(req)).series(sel, clampStart(start, end), end, limit === undefined ? undefined : limit + 1);
    const warnings = limit !== undefined && series.length > limit ? ['results truncated due to limit'] : undefined;
    return success(series.slice(0, limit ?? series.length).map(labelsObject), warnings);
  });

  both('/api/v1/labels', async (req) => {
    const p = Params.of(req);
    const sel = parseMatchers(o.parse, p.all('match[]'));
    const start = parseTimeParam(p.get('start'), 'start', MIN_TIME_MS);
    const end = parseTimeParam(p.get('end'), 'end', MAX_TIME_MS);
    const limit = parseLimit(p.get('limit'));
    const names = await o.store.querier(requestTenant(req)).labelNames(sel, clampStart(start, end), end, limit === undefined ? undefined : limit + 1);
    const warnings = limit !== undefined && names.length > limit ? ['results truncated due to limit'] : undefined;
    return success(names.slice(0, limit ?? names.length), warnings);
  });

  api.get('/api/v1/label/:name/values', { onRequest: read }, async (req) => {
    const name = (req.params as { name: string }).name;
    if (!LABEL_NAME.test(name)) throw badDataError(`invalid label name: "${name}"`);
    const p = Params.of(req);
    const sel = parseMatchers(o.parse, p.all('match[]'));
    const start = parseTimeParam(p.get('start'), 'start', MIN_TIME_MS);
    const end = parseTimeParam(p.get('end'), 'end', MAX_TIME_MS);
    const limit = parseLimit(p.get('limit'));
    const values = await o.store.querier(requestTenant(req)).labelValues(name, sel, clampStart(start, end), end, limit === undefined ? undefined : limit + 1);
    const warnings = limit !== undefined && values.length > limit ? ['results truncated due to limit'] : undefined;
    return success(values.slice(0, limit ?? values.length), warnings);
  });

  api.get('/api/v1/metadata', { onRequest: read }, async (req) => {
    const p = Params.of(req);
    const limit = parseLimit(p.get('limit'));
    const perMetric = parseLimit(p.get('limit_per_metric'));
    const md = await o.store.metadata(requestTenant(req), p.get('metric') || undefined, limit);
    if (perMetric !== undefined) for (const k of Object.keys(md)) md[k] = md[k]!.slice(0, perMetric);
    return success(md);
  });

  both('/api/v1/query_exemplars', async (req) => {
    const p = Params.of(req);
    const q = p.get('query') ?? '';
    const start = parseTimeParam(p.get('start'), 'start', MIN_TIME_MS);
    const end = parseTimeParam(p.get('end'), 'end', MAX_TIME_MS);
    if (end < start) throw badDataError('invalid parameter "end": end timestamp must not be before start time');
    const selectors = vectorSelectors(o.parse(q)).map((v) => v.matchers);
    if (selectors.length === 0) return success([]);
    const found = await o.store.exemplars(requestTenant(req), selectors, clampStart(start, end), end);
    return success(
      found.map((s) => ({
        seriesLabels: labelsObject(s.seriesLabels),
        exemplars: s.exemplars.map((e) => ({ labels: labelsObject(e.labels), value: formatPromFloat(e.value), timestamp: promTime(e.timestampMs) })),
      })),
    );
  });

  both('/api/v1/format_query', async (req) => {
    const q = Params.of(req).get('query') ?? '';
    return success(o.format(q));
  });

  api.get('/api/v1/status/buildinfo', { onRequest: read }, async () =>
    success({ version: '2.42.0', revision: `pointer-${VERSION}`, branch: 'pointer', buildUser: 'pointer', buildDate: '', goVersion: 'n/a (Pointer PromQL engine, TypeScript)' }),
  );

  remoteWriteRoute(api, o.store, o.require('telemetry:ingest'), o.remoteWrite);
}

/** Label endpoints default to all time; the series index is read by day, so bound the range sensibly. */
function clampStart(start: number, end: number): number {
  return Math.max(start, Math.min(end, Date.now()) - 400 * 86_400_000, 0);
}
