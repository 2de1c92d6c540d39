/**
 * LogQL queries that the store cannot answer in SQL: a log pipeline (pipeline.ts) after the
 * selector, or a range function other than count_over_time/rate. The store returns the
 * entries that the selector and the leading line filters match (in pages, time order); the
 * pipeline and the range function run here. Reading more than MAX_SCANNED_LINES entries for one
 * query is refused with PTR_ERR_QUERY_LIMIT (narrow the selector or the range).
 */
import { ptrError } from '../../errors/index.js';
import type { StoredLogRecord } from '../../store/logs/log-store.js';
import type { QueryContext } from '../context.js';
import { queryBounds } from '../params.js';
import { convertLabel } from './label-filter.js';
import { groupedLabels, labelName, matcherFor, streamLabels, variance } from './labels.js';
import type { LogSelector, RangeAggregation } from './logql.js';
import { labelValue, runPipeline, type Entry } from './pipeline.js';

export const MAX_SCANNED_LINES = 500_000;
const PAGE = 5_000;

type Labels = Record<string, string>;
export interface StepSeries {
  labels: Labels;
  /** step index -> value */
  points: Map<number, number>;
}

function textOf(v: Record<string, unknown> | undefined): string {
  if (!v) return '';
  if ('stringValue' in v) return String(v.stringValue);
  if ('intValue' in v) return String(v.intValue);
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('boolValue' in v) return v.boolValue ? 'true' : 'false';
  if ('bytesValue' in v) return String(v.bytesValue);
  return JSON.stringify(v);
}

const SEVERITY_LEVELS: [number, string][] = [[21, 'fatal'], [17, 'error'], [13, 'warn'], [9, 'info'], [5, 'debug'], [1, 'trace']];

/** Loki 3's structured metadata of an OTLP record: its attributes (names as labels), ids and severity. */
function metadataOf(rec: Record<string, unknown>): Labels {
  const meta: Labels = {};
  for (const kv of (rec.attributes as { key: string; value: Record<string, unknown> }[] | undefined) ?? []) meta[labelName(kv.key)] = textOf(kv.value);
  if (rec.traceId) meta.trace_id = String(rec.traceId);
  if (rec.spanId) meta.span_id = String(rec.spanId);
  const sevText = String(rec.severityText ?? '');
  const sevNum = Number(rec.severityNumber ?? 0);
  if (sevText) meta.severity_text = sevText;
  if (sevNum) meta.severity_number = String(sevNum);
  const level = sevText ? sevText.toLowerCase() : SEVERITY_LEVELS.find(([n]) => sevNum >= n)?.[1];
  if (level) meta.detected_level = level;
  return meta;
}

function entryOf(r: StoredLogRecord): { entry: Entry; stream: Set<string> } {
  const labels = streamLabels(r.serviceName, r.resourceText);
  return { entry: { tsNs: BigInt(r.timeNs), line: r.line, labels, meta: metadataOf(r.record) }, stream: new Set(Object.keys(labels)) };
}

/**
 * The entries in [startNs, endNs] that the selector and its pipeline keep, page by page in
 * `direction` order; stops when `want` returns false.
 */
export async function scanEntries(
  q: QueryContext, tenant: string, sel: LogSelector, startNs: bigint, endNs: bigint, direction: 'forward' | 'backward',
  signal: AbortSignal | undefined, want: (e: Entry) => boolean,
): Promise<number> {
  const filter = { range: { startNs, endNs }, resourceMatchers: sel.matchers.map((m) => matcherFor(m.label, m.op, m.value)), lineFilters: sel.filters };
  const deadline = performance.now() + q.limits.timeoutMs;
  let cursor: string | undefined;
  let scanned = 0;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0) throw ptrError('PTR_ERR_QUERY_TIMEOUT', `the query ran past ${q.limits.timeoutMs} ms (query.timeout)`);
    const page = await q.logs.search(tenant, filter, PAGE, cursor, queryBounds({ ...q.limits, timeoutMs: left }, signal), direction);
    for (const r of page.records) {
      const { entry, stream } = entryOf(r);
      if (runPipeline(sel.pipeline, entry, stream) && !want(entry)) return scanned + 1;
    }
    scanned += page.records.length;
    if (!page.nextCursor) return scanned;
    if (scanned >= MAX_SCANNED_LINES) {
      throw ptrError('PTR_ERR_QUERY_LIMIT', `the query reads more than ${MAX_SCANNED_LINES} log lines through its pipeline; narrow the stream selector, add a line filter (|= "...") before the parser, or shorten the range`);
    }
    cursor = page.nextCursor;
  }
}

const key = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Log query: up to `limit` entries, grouped into streams by their labels after the pipeline. */
export async function pipelineStreams(q: QueryContext, tenant: string, sel: LogSelector, startNs: bigint, endNs: bigint, limit: number, direction: 'forward' | 'backward', signal?: AbortSignal) {
  const streams = new Map<string, { stream: Labels; values: [string, string][] }>();
  let n = 0;
  await scanEntries(q, tenant, sel, startNs, endNs, direction, signal, (e) => {
    const k = key(e.labels);
    let s = streams.get(k);
    if (!s) streams.set(k, (s = { stream: Object.fromEntries(Object.entries(e.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), values: [] }));
    s.values.push([e.tsNs.toString(), e.line]);
    return ++n < limit;
  });
  return { resultType: 'streams' as const, result: [...streams.values()], lines: n };
}

/** Prometheus' quantile: rank φ·(n−1), linear between neighbours. */
export function quantile(phi: number, sorted: number[]): number {
  if (sorted.length === 0) return NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  const rank = phi * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Values read per query by the functions that need each window's values (min, max, quantile). */
const MAX_WINDOW_WORK = 50_000_000;

interface WindowSums {
  n: number;
  sum: number;
  first: number;
  last: number;
}

/** The range functions that a window's count, sums, first and last value give. */
function windowFromSums(e: RangeAggregation, w: WindowSums, rangeSeconds: number): number {
  switch (e.fn) {
    case 'count_over_time':
      return w.n;
    case 'rate':
      return (e.unwrap ? w.sum : w.n) / rangeSeconds;
    case 'bytes_rate':
      return w.sum / rangeSeconds;
    case 'bytes_over_time':
    case 'sum_over_time':
      return w.sum;
    case 'avg_over_time':
      return w.sum / w.n;
    case 'first_over_time':
      return w.first;
    case 'last_over_time':
      return w.last;
    default:
      return NaN;
  }
}

/** min, max, quantile, stddev and stdvar over one window's values. */
function reduceWindow(e: RangeAggregation, values: number[], rangeSeconds: number): number {
  switch (e.fn) {
    case 'min_over_time':
      return values.reduce((a, b) => Math.min(a, b), Infinity);
    case 'max_over_time':
      return values.reduce((a, b) => Math.max(a, b), -Infinity);
    case 'quantile_over_time':
      return quantile(e.quantile!, [...values].sort((a, b) => a - b));
    case 'stdvar_over_time':
      return variance(values);
    case 'stddev_over_time':
      return Math.sqrt(variance(values));
    default:
      return windowFromSums(e, { n: values.length, sum: values.reduce((a, b) => a + b, 0), first: values[0]!, last: values[values.length - 1]! }, rangeSeconds);
  }
}

/** A range function at each step over the entries of (t − range, t], t = start + k·step − offset. */
export async function pipelineRangeSeries(q: QueryContext, tenant: string, e: RangeAggregation, startNs: bigint, stepNs: bigint, steps: number, signal?: AbortSignal): Promise<StepSeries[]> {
  const offset = e.offsetNs ?? 0n;
  const first = startNs - offset - e.rangeNs + 1n;
  const last = startNs + BigInt(steps - 1) * stepNs - offset;
  const bySeries = new Map<string, { labels: Labels; ts: bigint[]; values: number[] }>();
  const all: bigint[] = [];
  await scanEntries(q, tenant, e.selector, first, last, 'forward', signal, (en) => {
    let value = 1;
    const labels = { ...en.labels };
    if (e.unwrap) {
      const text = labelValue(en, e.unwrap.label);
      const v = text === undefined ? undefined : convertLabel(text, e.unwrap.conversion);
      delete labels[e.unwrap.label];
      if (v === undefined) labels.__error__ = 'SampleExtractionErr';
      else value = v;
    } else if (e.fn === 'bytes_over_time' || e.fn === 'bytes_rate') value = Buffer.byteLength(en.line);
    const l = e.grouping ? groupedLabels(labels, e.grouping) : labels;
    const k = key(l);
    let s = bySeries.get(k);
    if (!s) bySeries.set(k, (s = { labels: l, ts: [], values: [] }));
    s.ts.push(en.tsNs);
    s.values.push(value);
    all.push(en.tsNs);
    return true;
  });
  for (const s of bySeries.values()) {
    if (s.labels.__error__ !== undefined) {
      throw ptrError('PTR_ERR_QUERY', `pipeline error: '${s.labels.__error__}' for series ${JSON.stringify(s.labels)}; skip such entries with | __error__="" (or | drop __error__)`);
    }
  }
  const rangeSeconds = Number(e.rangeNs) / 1e9;
  const windows = (ts: bigint[], visit: (k: number, lo: number, hi: number) => void) => {
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < steps; k++) {
      const t = startNs + BigInt(k) * stepNs - offset;
      while (hi < ts.length && ts[hi]! <= t) hi++;
      while (lo < hi && ts[lo]! <= t - e.rangeNs) lo++;
      visit(k, lo, hi);
    }
  };
  if (e.fn === 'absent_over_time') {
    const labels = Object.fromEntries(e.selector.matchers.filter((m) => m.op === '=').map((m) => [m.label, m.value]));
    const points = new Map<number, number>();
    windows(all, (k, lo, hi) => {
      if (hi === lo) points.set(k, 1);
    });
    return points.size > 0 ? [{ labels, points }] : [];
  }
  const out: StepSeries[] = [];
  // sums over a window from prefix sums; the functions that need the window's values (min, max,
  // quantile, stddev and stdvar, which a difference of sums of squares would lose precision on)
  // read slices, bounded by MAX_WINDOW_WORK values in all
  const sliced = ['min_over_time', 'max_over_time', 'quantile_over_time', 'stddev_over_time', 'stdvar_over_time'].includes(e.fn);
  let work = 0;
  for (const s of bySeries.values()) {
    const points = new Map<number, number>();
    const prefix = new Float64Array(s.values.length + 1);
    s.values.forEach((v, i) => (prefix[i + 1] = prefix[i]! + v));
    windows(s.ts, (k, lo, hi) => {
      if (hi === lo) return;
      if (sliced) {
        work += hi - lo;
        if (work > MAX_WINDOW_WORK) throw ptrError('PTR_ERR_QUERY_LIMIT', `${e.fn} would read more than ${MAX_WINDOW_WORK} values over its windows; raise the step or shorten the range`);
        points.set(k, reduceWindow(e, s.values.slice(lo, hi), rangeSeconds));
        return;
      }
      points.set(k, windowFromSums(e, { n: hi - lo, sum: prefix[hi]! - prefix[lo]!, first: s.values[lo]!, last: s.values[hi - 1]! }, rangeSeconds));
    });
    if (points.size > 0) out.push({ labels: s.labels, points });
  }
  return out;
}
