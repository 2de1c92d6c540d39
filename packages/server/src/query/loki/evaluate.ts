/**
 * Evaluates parsed LogQL (logql.ts) against the log store into Loki's response shapes:
 * `streams` for log queries (ns timestamps as strings), `matrix` / `vector` for metric queries
 * (seconds as numbers, values as strings), `scalar` for plain numbers.
 */
import { ptrError } from '../../errors/index.js';
import type { CountSeries, LogFilter } from '../../store/logs/log-store.js';
import type { QueryContext } from '../context.js';
import { queryBounds } from '../params.js';
import { groupedLabels, matcherFor, streamLabels, variance } from './labels.js';
import type { LogQLExpr, LogSelector, RangeAggregation, VectorAggregation } from './logql.js';
import { ADDITIVE_RANGE_FUNCTIONS, METADATA_LABELS, pipelineRangeSeries, pipelineStreams } from './evaluate-pipeline.js';

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
  if (sel.pipeline.length > 0) return pipelineStreams(q, tenant, sel, r.startNs, r.endNs, r.limit, r.direction, r.signal);
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

/** count_over_time and rate of a selector with line filters only: counted by the store in SQL. */
function countedInStore(e: RangeAggregation): boolean {
  return (e.fn === 'count_over_time' || e.fn === 'rate') && e.selector.pipeline.length === 0 && !e.unwrap && !e.offsetNs;
}

async function rangeSeries(q: QueryContext, tenant: string, e: RangeAggregation, start: bigint, step: bigint, steps: number, signal?: AbortSignal, pushedGrouping?: VectorAggregation['grouping']): Promise<Series[]> {
  if (!countedInStore(e) || pushedGrouping) return pipelineRangeSeries(q, tenant, e, start, step, steps, signal, pushedGrouping);
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

function reduce(op: VectorAggregation['op'], vs: number[]): number {
  const sum = vs.reduce((a, b) => a + b, 0);
  switch (op) {
    case 'count':
      return vs.length;
    case 'min':
      return vs.reduce((a, b) => Math.min(a, b), Infinity);
    case 'max':
      return vs.reduce((a, b) => Math.max(a, b), -Infinity);
    case 'avg':
      return sum / vs.length;
    case 'stdvar':
      return variance(vs);
    case 'stddev':
      return Math.sqrt(variance(vs));
    default:
      return sum;
  }
}

/** topk / bottomk: at each step, the k largest (smallest) members of each group keep their labels. */
function selectK(e: VectorAggregation, input: Series[]): Series[] {
  const groups = new Map<string, Series[]>();
  for (const s of input) {
    const key = JSON.stringify(groupedLabels(s.labels, e.grouping));
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(s);
  }
  const out = new Map<Series, Series>();
  for (const members of groups.values()) {
    const steps = new Set<number>();
    for (const m of members) for (const k of m.points.keys()) steps.add(k);
    for (const k of steps) {
      const ranked = members.filter((m) => m.points.has(k)).sort((a, b) => (e.op === 'topk' ? b.points.get(k)! - a.points.get(k)! : a.points.get(k)! - b.points.get(k)!));
      for (const m of ranked.slice(0, e.param)) {
        let kept = out.get(m);
        if (!kept) out.set(m, (kept = { labels: m.labels, points: new Map() }));
        kept.points.set(k, m.points.get(k)!);
      }
    }
  }
  return [...out.values()];
}

function aggregate(e: VectorAggregation, input: Series[]): Series[] {
  if (e.op === 'topk' || e.op === 'bottomk') return selectK(e, input);
  if (e.op === 'sort' || e.op === 'sort_desc') {
    // ordered by their value at the last step (what an instant query shows)
    const last = (s: Series) => s.points.get([...s.points.keys()].reduce((a, b) => Math.max(a, b), -1)) ?? NaN;
    return [...input].sort((a, b) => (e.op === 'sort' ? last(a) - last(b) : last(b) - last(a)));
  }
  const groups = new Map<string, { labels: Labels; members: Series[] }>();
  for (const s of input) {
    const labels = groupedLabels(s.labels, e.grouping);
    const key = JSON.stringify(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, members: [] }));
    g.members.push(s);
  }
  return [...groups.values()].map((g) => {
    const points = new Map<number, number>();
    const all = new Map<number, number[]>();
    for (const m of g.members) for (const [k, v] of m.points) (all.get(k) ?? all.set(k, []).get(k)!).push(v);
    for (const [k, vs] of all) points.set(k, reduce(e.op, vs));
    return { labels: g.labels, points };
  });
}

async function metricSeries(q: QueryContext, tenant: string, e: RangeAggregation | VectorAggregation, start: bigint, step: bigint, steps: number, signal?: AbortSignal): Promise<Series[]> {
  if (e.kind === 'range') return rangeSeries(q, tenant, e, start, step, steps, signal);
  // sum by (x) over an additive range function without its own grouping: grouped per entry
  const inner = e.inner;
  const byMetadata = !!e.grouping && !e.grouping.without && e.grouping.labels.some((l) => METADATA_LABELS.has(l));
  if (e.op === 'sum' && inner.kind === 'range' && !inner.grouping && ADDITIVE_RANGE_FUNCTIONS.has(inner.fn) && (!countedInStore(inner) || byMetadata)) {
    return aggregate(e, await rangeSeries(q, tenant, inner, start, step, steps, signal, e.grouping ?? { without: false, labels: [] }));
  }
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
