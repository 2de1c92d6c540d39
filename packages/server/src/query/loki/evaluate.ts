/**
 * Evaluates parsed LogQL (logql.ts) against the log store into Loki's response shapes:
 * `streams` for log queries (ns timestamps as strings), `matrix` / `vector` for metric queries
 * (seconds as numbers, values as strings), `scalar` for plain numbers.
 */
import { ptrError } from '../../errors/index.js';
import type { CountSeries, LogFilter } from '../../store/logs/log-store.js';
import type { QueryContext } from '../context.js';
import { queryBounds } from '../params.js';
import { matcherFor, streamLabels } from './labels.js';
import type { LogQLExpr, LogSelector, RangeAggregation, VectorAggregation } from './logql.js';

export interface EvalRange {
  startNs: bigint;
  endNs: bigint;
  stepNs: bigint;
  /** Instant query: one evaluation at endNs. */
  instant: boolean;
  limit: number;
  direction: 'backward' | 'forward';
  signal?: AbortSignal;
}

/** Loki's cap on points per series. */
export const MAX_STEPS = 11_000;

type Labels = Record<string, string>;
interface Series {
  labels: Labels;
  /** step index -> value */
  points: Map<number, number>;
}

function selectorFilter(sel: LogSelector): Omit<LogFilter, 'range'> {
  return { resourceMatchers: sel.matchers.map((m) => matcherFor(m.label, m.op, m.value)), lineFilters: sel.filters };
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

const seconds = (ns: bigint): number => Number(ns / 1_000_000n) / 1000;

async function streams(q: QueryContext, tenant: string, sel: LogSelector, r: EvalRange) {
  const page = await q.logs.search(tenant, { range: { startNs: r.startNs, endNs: r.endNs }, ...selectorFilter(sel) }, r.limit, undefined, queryBounds(q.limits, r.signal), r.direction);
  const byLabels = new Map<string, { stream: Labels; values: [string, string][] }>();
  for (const rec of page.records) {
    const labels = streamLabels(rec.serviceName, rec.resourceText);
    const key = JSON.stringify(labels);
    let s = byLabels.get(key);
    if (!s) byLabels.set(key, (s = { stream: labels, values: [] }));
    s.values.push([rec.timeNs, rec.line]);
  }
  return { resultType: 'streams' as const, result: [...byLabels.values()], lines: page.records.length };
}

async function rangeSeries(q: QueryContext, tenant: string, e: RangeAggregation, start: bigint, step: bigint, steps: number, signal?: AbortSignal): Promise<Series[]> {
  const counts: CountSeries[] = await q.logs.countOverTime(tenant, selectorFilter(e.selector), { startNs: start, stepNs: step, steps, windowNs: e.rangeNs }, queryBounds(q.limits, signal));
  const merged = new Map<string, Series>();
  const scale = e.fn === 'rate' ? 1 / (Number(e.rangeNs) / 1e9) : 1;
  for (const c of counts) {
    const labels = streamLabels(c.serviceName, c.resourceText);
    const key = JSON.stringify(labels);
    let s = merged.get(key);
    if (!s) merged.set(key, (s = { labels, points: new Map() }));
    for (const [k, n] of c.counts) s.points.set(k, (s.points.get(k) ?? 0) + n * scale);
  }
  return [...merged.values()];
}

function aggregate(e: VectorAggregation, input: Series[]): Series[] {
  const groups = new Map<string, { labels: Labels; members: Series[] }>();
  for (const s of input) {
    let labels: Labels = {};
    if (e.grouping && !e.grouping.without) for (const l of e.grouping.labels) if (s.labels[l] !== undefined) labels[l] = s.labels[l]!;
    if (e.grouping?.without) labels = Object.fromEntries(Object.entries(s.labels).filter(([k]) => !e.grouping!.labels.includes(k)));
    const key = JSON.stringify(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, members: [] }));
    g.members.push(s);
  }
  return [...groups.values()].map((g) => {
    const points = new Map<number, number>();
    const all = new Map<number, number[]>();
    for (const m of g.members) for (const [k, v] of m.points) (all.get(k) ?? all.set(k, []).get(k)!).push(v);
    for (const [k, vs] of all) {
      const sum = vs.reduce((a, b) => a + b, 0);
      points.set(k, e.op === 'sum' ? sum : e.op === 'count' ? vs.length : e.op === 'min' ? Math.min(...vs) : e.op === 'max' ? Math.max(...vs) : sum / vs.length);
    }
    return { labels: g.labels, points };
  });
}

async function metricSeries(q: QueryContext, tenant: string, e: RangeAggregation | VectorAggregation, start: bigint, step: bigint, steps: number, signal?: AbortSignal): Promise<Series[]> {
  if (e.kind === 'range') return rangeSeries(q, tenant, e, start, step, steps, signal);
  return aggregate(e, await metricSeries(q, tenant, e.inner, start, step, steps, signal));
}

export async function evaluate(q: QueryContext, tenant: string, expr: LogQLExpr, r: EvalRange): Promise<{ resultType: string; result: unknown; lines?: number }> {
  if (expr.kind === 'log') {
    if (r.instant) return streams(q, tenant, expr, { ...r, startNs: r.endNs - 3_600_000_000_000n });
    return streams(q, tenant, expr, r);
  }
  const start = r.instant ? r.endNs : r.startNs;
  const step = r.instant ? 1n : r.stepNs;
  if (step <= 0n) throw ptrError('PTR_ERR_VALIDATION', 'step: must be positive');
  const stepsBig = r.instant ? 1n : (r.endNs - r.startNs) / step + 1n;
  if (stepsBig > BigInt(MAX_STEPS)) throw ptrError('PTR_ERR_QUERY_LIMIT', `exceeded maximum resolution of ${MAX_STEPS} points per series: raise step`);
  const steps = Number(stepsBig);
  const at = (k: number): number => seconds(start + BigInt(k) * step);

  if (expr.kind === 'scalar') {
    if (r.instant) return { resultType: 'vector', result: [{ metric: {}, value: [at(0), formatValue(expr.value)] }] };
    return { resultType: 'matrix', result: [{ metric: {}, values: Array.from({ length: steps }, (_, k) => [at(k), formatValue(expr.value)]) }] };
  }
  const series = await metricSeries(q, tenant, expr, start, step, steps, r.signal);
  if (r.instant) {
    return { resultType: 'vector', result: series.filter((s) => s.points.has(0)).map((s) => ({ metric: s.labels, value: [at(0), formatValue(s.points.get(0)!)] })) };
  }
  return {
    resultType: 'matrix',
    result: series.map((s) => ({
      metric: s.labels,
      values: [...s.points.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [at(k), formatValue(v)]),
    })),
  };
}
