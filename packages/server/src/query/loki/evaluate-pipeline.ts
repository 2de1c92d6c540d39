/**
 * LogQL queries that the store cannot answer in SQL: a log pipeline (pipeline.ts) after the
 * selector, or a range function other than count_over_time/rate. The entries come from
 * line-scan.ts; the log query's streams and the range functions' series are built here.
 */
import { ptrError } from '../../errors/index.js';
import { quantile } from '../../promql/quantile.js';
import type { QueryContext } from '../context.js';
import { convertLabel } from './label-filter.js';
import { groupedLabels, variance } from './labels.js';
import { copyLabels, key, scanEntries, sorted } from './line-scan.js';
import type { LogSelector, RangeAggregation } from './logql.js';
import { labelValue, type Entry } from './pipeline.js';

type Labels = Record<string, string>;
export interface StepSeries {
  labels: Labels;
  /** step index -> value */
  points: Map<number, number>;
}

/** Log query: up to `limit` entries, grouped into streams by their labels after the pipeline. */
export async function pipelineStreams(q: QueryContext, tenant: string, sel: LogSelector, startNs: bigint, endNs: bigint, limit: number, direction: 'forward' | 'backward', signal?: AbortSignal) {
  const streams = new Map<string, { stream: Labels; values: [string, string][] }>();
  let n = 0;
  await scanEntries(q, tenant, sel, startNs, endNs, direction, signal, (e, seriesKey) => {
    const k = seriesKey();
    let s = streams.get(k);
    if (!s) streams.set(k, (s = { stream: sorted(e.labels), values: [] }));
    s.values.push([e.tsNs.toString(), e.line]);
    return ++n < limit;
  });
  return { resultType: 'streams' as const, result: [...streams.values()], lines: n };
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

/**
 * The functions that need each window's values: min, max, quantile, and stddev and stdvar
 * (which a difference of sums of squares would lose precision on).
 */
const SLICED_FUNCTIONS: ReadonlySet<string> = new Set(['min_over_time', 'max_over_time', 'quantile_over_time', 'stddev_over_time', 'stdvar_over_time']);

/** A SLICED_FUNCTIONS function over one window's values (a copy it may reorder). */
function reduceWindow(e: RangeAggregation, values: number[]): number {
  switch (e.fn) {
    case 'min_over_time':
      return values.reduce((a, b) => Math.min(a, b), Infinity);
    case 'max_over_time':
      return values.reduce((a, b) => Math.max(a, b), -Infinity);
    case 'quantile_over_time':
      return quantile(e.quantile!, values);
    case 'stdvar_over_time':
      return variance(values);
    default:
      return Math.sqrt(variance(values));
  }
}

/**
 * `by (x, y)` over an entry: each label from its labels, else from its structured metadata, so
 * that `sum by (detected_level) (...)` (Grafana's log volume) groups by the record's level.
 */
function byLabels(e: Entry, labels: Labels, names: readonly string[]): Labels {
  const out: Labels = {};
  for (const n of names) {
    const v = Object.prototype.hasOwnProperty.call(labels, n) ? labels[n] : Object.prototype.hasOwnProperty.call(e.meta, n) ? e.meta[n] : undefined;
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/** Structured metadata that `by (...)` may name; grouping by them reads the entries (not SQL). */
export const METADATA_LABELS: ReadonlySet<string> = new Set(['detected_level', 'level', 'severity_text', 'severity_number', 'trace_id', 'span_id']);

/** Range functions whose sum over series is the function over the series' union of entries. */
export const ADDITIVE_RANGE_FUNCTIONS: ReadonlySet<string> = new Set(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'sum_over_time']);

/**
 * A range function at each step over the entries of (t − range, t], t = start + k·step − offset.
 * `pushedGrouping`: an enclosing `sum by/without (...)` over an additive function, applied to the
 * entries instead of to the function's series (the same answer, without a series per label set
 * of every parsed line).
 */
export async function pipelineRangeSeries(
  q: QueryContext, tenant: string, e: RangeAggregation, startNs: bigint, stepNs: bigint, steps: number, signal?: AbortSignal,
  pushedGrouping?: { without: boolean; labels: string[] },
): Promise<StepSeries[]> {
  const offset = e.offsetNs ?? 0n;
  const first = startNs - offset - e.rangeNs + 1n;
  const last = startNs + BigInt(steps - 1) * stepNs - offset;
  const bySeries = new Map<string, { labels: Labels; ts: bigint[]; values: number[] }>();
  const all: bigint[] = [];
  // `grouping`: the range function's own by/without, or one an outer sum pushes down
  const grouping = e.grouping ?? pushedGrouping;
  await scanEntries(q, tenant, e.selector, first, last, 'forward', signal, (en, seriesKey) => {
    let value = 1;
    let labels = en.labels;
    if (e.unwrap) {
      const text = labelValue(en, e.unwrap.label);
      const v = text === undefined ? undefined : convertLabel(text, e.unwrap.conversion);
      labels = copyLabels(labels);
      delete labels[e.unwrap.label];
      if (v === undefined) labels.__error__ = 'SampleExtractionErr';
      else value = v;
    } else if (e.fn === 'bytes_over_time' || e.fn === 'bytes_rate') value = Buffer.byteLength(en.line);
    // as Loki: an entry with an error fails a metric query, whatever the grouping keeps
    if (labels.__error__ !== undefined) {
      throw ptrError('PTR_ERR_QUERY', `pipeline error: '${labels.__error__}' for series ${JSON.stringify(sorted(labels))}; skip such entries with | __error__="" (or | drop __error__)`);
    }
    const l = !grouping ? labels : grouping.without ? groupedLabels(labels, grouping) : byLabels(en, labels, grouping.labels);
    const k = grouping || e.unwrap ? key(l) : seriesKey();
    let s = bySeries.get(k);
    if (!s) bySeries.set(k, (s = { labels: l, ts: [], values: [] }));
    s.ts.push(en.tsNs);
    s.values.push(value);
    all.push(en.tsNs);
    return true;
  });
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
  // sums over a window from prefix sums; SLICED_FUNCTIONS read the window's values, bounded by
  // MAX_WINDOW_WORK values in all
  const sliced = SLICED_FUNCTIONS.has(e.fn);
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
        points.set(k, reduceWindow(e, s.values.slice(lo, hi)));
        return;
      }
      points.set(k, windowFromSums(e, { n: hi - lo, sum: prefix[hi]! - prefix[lo]!, first: s.values[lo]!, last: s.values[hi - 1]! }, rangeSeconds));
    });
    if (points.size > 0) out.push({ labels: s.labels, points });
  }
  return out;
}
