/**
 * Function calls: range-vector functions slide a window over each series' samples per step;
 * instant-vector functions map or regroup the step matrix. Ported from Prometheus 2.x
 * promql/engine.go (the Call case) and promql/functions.go.
 */
import type { LabelMatcher } from '../store/metrics/querier.js';
import type { Call, Expr } from './ast.js';
import type { Evaluator, RangeArg } from './evaluator.js';
import { unwrapParens } from './evaluator.js';
import { badDataError, executionError } from './errors.js';
import { compileAnchored, expandGo } from './go-regexp.js';
import { parseGoFloat } from './go-compat.js';
import { METRIC_NAME, dropMetricName, getLabel, labelsKey, makeLabels, setLabel } from './labels.js';
import { sortedBucketQuantile } from './quantile.js';
import { WINDOW_FUNCTIONS, type WindowContext } from './range-functions.js';
import { INSTANT_MATH } from './instant-functions.js';
import { SeriesBuilder, StepSlab, newSeries, readTimes, stepTime, type ScalarValue, type StepSeries, type Steps, type Value, type VectorValue } from './values.js';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export async function evalCall(ev: Evaluator, call: Call, st: Steps): Promise<Value> {
  const name = call.func.name;
  const matrixIndex = call.func.argTypes.indexOf('matrix');
  if (matrixIndex >= 0) return evalRangeFunction(ev, call, matrixIndex, st);

  switch (name) {
    case 'time':
      return { kind: 'scalar', values: Float64Array.from({ length: st.n }, (_, i) => stepTime(st, i) / 1000) };
    case 'pi':
      return { kind: 'scalar', values: new Float64Array(st.n).fill(Math.PI) };
    case 'vector': {
      const s = await scalarArg(ev, call.args[0]!, st);
      return { kind: 'vector', series: [{ metric: [], values: s.values.slice(), present: new Uint8Array(st.n).fill(1) }] };
    }
    case 'scalar': {
      const v = await vectorArg(ev, call.args[0]!, st);
      const out = new Float64Array(st.n);
      for (let i = 0; i < st.n; i++) {
        let count = 0;
        let value = NaN;
        for (const s of v.series) {
          if (s.present[i]) {
            count++;
            value = s.values[i]!;
          }
        }
        out[i] = count === 1 ? value : NaN;
      }
      return { kind: 'scalar', values: out } satisfies ScalarValue;
    }
    case 'absent': {
      const v = await vectorArg(ev, call.args[0]!, st);
      const out = newSeries(absentLabels(call.args[0]!), st.n);
      for (let i = 0; i < st.n; i++) {
        if (!v.series.some((s) => s.present[i])) {
          out.present[i] = 1;
          out.values[i] = 1;
        }
      }
      return { kind: 'vector', series: out.present.includes(1) ? [out] : [] };
    }
    case 'timestamp':
      return evalTimestamp(ev, call, st);
    case 'sort':
    case 'sort_desc': {
      const v = await vectorArg(ev, call.args[0]!, st);
      // Order only shows in an instant query's vector; range results are sorted by labels.
      if (st.n !== 1) return v;
      const desc = name === 'sort_desc';
      const series = v.series.filter((s) => s.present[0]);
      series.sort((a, b) => {
        const x = a.values[0]!;
        const y = b.values[0]!;
        if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
        if (Number.isNaN(y)) return -1;
        return desc ? y - x : x - y;
      });
      return { kind: 'vector', series };
    }
    case 'label_replace':
      return labelReplace(ev, call, st);
    case 'label_join':
      return labelJoin(ev, call, st);
    case 'histogram_quantile':
      return histogramQuantile(ev, call, st);
    case 'histogram_count':
    case 'histogram_sum':
    case 'histogram_fraction':
      // These read native histogram samples only; float series produce no output.
      for (const a of call.args) await ev.eval(a, st);
      return { kind: 'vector', series: [] };
    case 'clamp':
    case 'clamp_min':
    case 'clamp_max':
    case 'round':
      return clampOrRound(ev, call, st);
    case 'days_in_month':
    case 'day_of_month':
    case 'day_of_week':
    case 'day_of_year':
    case 'hour':
    case 'minute':
    case 'month':
    case 'year':
      return dateFunction(ev, call, st);
    default: {
      const f = INSTANT_MATH.get(name);
      if (!f) throw badDataError(`function ${name} is not supported`);
      const v = await vectorArg(ev, call.args[0]!, st);
      return mapDropName(v, st.n, f);
    }
  }
}

async function vectorArg(ev: Evaluator, e: Expr, st: Steps): Promise<VectorValue> {
  const v = await ev.eval(e, st);
  if (v.kind !== 'vector') throw new Error('internal: expected an instant vector');
  return v;
}

async function scalarArg(ev: Evaluator, e: Expr, st: Steps): Promise<ScalarValue> {
  const v = await ev.eval(e, st);
  if (v.kind !== 'scalar') throw new Error('internal: expected a scalar');
  return v;
}

async function stringArg(ev: Evaluator, e: Expr, st: Steps): Promise<string> {
  const v = await ev.eval(e, st);
  if (v.kind !== 'string') throw new Error('internal: expected a string');
  return v.value;
}

/** Applies f to every value, dropping the metric name (most math functions). */
function mapDropName(v: VectorValue, n: number, f: (x: number, step: number) => number): VectorValue {
  const b = new SeriesBuilder(n);
  for (const s of v.series) {
    const out = b.series(dropMetricName(s.metric));
    for (let i = 0; i < n; i++) if (s.present[i]) b.put(out, i, f(s.values[i]!, i));
  }
  return { kind: 'vector', series: b.result() };
}

async function clampOrRound(ev: Evaluator, call: Call, st: Steps): Promise<Value> {
  const v = await vectorArg(ev, call.args[0]!, st);
  const scalars: Float64Array[] = [];
  for (const a of call.args.slice(1)) scalars.push((await scalarArg(ev, a, st)).values);
  switch (call.func.name) {
    case 'clamp': {
      const [min, max] = scalars as [Float64Array, Float64Array];
      // Steps where max < min produce nothing.
      const kept = v.series.map((s) => {
        const present = s.present.slice();
        for (let i = 0; i < st.n; i++) if (max[i]! < min[i]!) present[i] = 0;
        return { ...s, present };
      });
      return mapDropName({ kind: 'vector', series: kept }, st.n, (x, i) => Math.max(min[i]!, Math.min(max[i]!, x)));
    }
    case 'clamp_min':
      return mapDropName(v, st.n, (x, i) => Math.max(scalars[0]![i]!, x));
    case 'clamp_max':
      return mapDropName(v, st.n, (x, i) => Math.min(scalars[0]![i]!, x));
    default: {
      const to = scalars[0];
      return mapDropName(v, st.n, (x, i) => {
        const inv = 1 / (to ? to[i]! : 1);
        return Math.floor(x * inv + 0.5) / inv;
      });
    }
  }
}

const DATE_FUNCTIONS: Record<string, (d: Date) => number> = {
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1,
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

async function dateFunction(ev: Evaluator, call: Call, st: Steps): Promise<Value> {
  const f = DATE_FUNCTIONS[call.func.name]!;
  if (call.args.length === 0) {
    const out = newSeries([], st.n);
    for (let i = 0; i < st.n; i++) {
      out.present[i] = 1;
      out.values[i] = f(new Date(Math.trunc(stepTime(st, i) / 1000) * 1000));
    }
    return { kind: 'vector', series: [out] };
  }
  const v = await vectorArg(ev, call.args[0]!, st);
  // time.Unix(int64(v), 0): seconds truncated toward zero.
  return mapDropName(v, st.n, (x) => (Number.isFinite(x) ? f(new Date(Math.trunc(x) * 1000)) : NaN));
}

async function evalTimestamp(ev: Evaluator, call: Call, st: Steps): Promise<Value> {
  const arg = unwrapParens(call.args[0]!);
  if (arg.type === 'VectorSelector') {
    // The sample's own timestamp, not the evaluation time.
    const v = await ev.selectVector(arg, st);
    const b = new SeriesBuilder(st.n);
    v.series.forEach((s, idx) => {
      const times = v.sampleTimes[idx]!;
      const out = b.series(dropMetricName(s.metric));
      for (let i = 0; i < st.n; i++) if (s.present[i]) b.put(out, i, times[i]! / 1000);
    });
    return { kind: 'vector', series: b.result() };
  }
  const v = await vectorArg(ev, call.args[0]!, st);
  return mapDropName(v, st.n, (_x, i) => stepTime(st, i) / 1000);
}

/** Labels of absent()'s output: the selector's equality matchers, except repeated names. */
function absentLabels(arg: Expr): StepSeries['metric'] {
  const e = unwrapParens(arg);
  let matchers: LabelMatcher[] = [];
  if (e.type === 'VectorSelector') matchers = e.matchers;
  else if (e.type === 'MatrixSelector') matchers = e.vectorSelector.matchers;
  // Prometheus' createLabelsForAbsentFunction: the first equality matcher of a name sets it;
  // a name that also has another matcher (or a second equality) is removed at the end.
  const out = new Map<string, string>();
  const removed: string[] = [];
  for (const m of matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.op === '=' && !out.has(m.name)) out.set(m.name, m.value);
    else removed.push(m.name);
  }
  for (const name of removed) out.delete(name);
  return makeLabels(out);
}

/** Moves labels by per-series rewriting; labels stay constant over steps. */
function relabel(v: VectorValue, n: number, rewrite: (m: StepSeries['metric']) => StepSeries['metric']): VectorValue {
  const b = new SeriesBuilder(n);
  for (const s of v.series) {
    const out = b.series(rewrite(s.metric));
    for (let i = 0; i < n; i++) if (s.present[i]) b.put(out, i, s.values[i]!);
  }
  return { kind: 'vector', series: b.result() };
}

async function labelReplace(ev: Evaluator, call: Call, st: Steps): Promise<Value> {
  const v = await vectorArg(ev, call.args[0]!, st);
  const dst = await stringArg(ev, call.args[1]!, st);
  const repl = await stringArg(ev, call.args[2]!, st);
  const src = await stringArg(ev, call.args[3]!, st);
  const regexStr = await stringArg(ev, call.args[4]!, st);
  let re: RegExp;
  try {
    re = compileAnchored(regexStr);
  } catch {
    throw executionError(`invalid regular expression in label_replace(): ${regexStr}`);
  }
  if (!LABEL_NAME_RE.test(dst)) throw executionError(`invalid destination label name in label_replace(): ${dst}`);
  return relabel(v, st.n, (m) => {
    const match = re.exec(getLabel(m, src));
    if (!match) return m;
    return setLabel(m, dst, expandGo(repl, match));
  });
}

async function labelJoin(ev: Evaluator, call: Call, st: Steps): Promise<Value> {
  const v = await vectorArg(ev, call.args[0]!, st);
  const dst = await stringArg(ev, call.args[1]!, st);
  const sep = await stringArg(ev, call.args[2]!, st);
  const srcs: string[] = [];
  for (const a of call.args.slice(3)) srcs.push(await stringArg(ev, a, st));
  for (const s of srcs) if (!LABEL_NAME_RE.test(s)) throw executionError(`invalid source label name in label_join(): ${s}`);
  if (!LABEL_NAME_RE.test(dst)) throw executionError(`invalid destination label name in label_join(): ${dst}`);
  return relabel(v, st.n, (m) => setLabel(m, dst, srcs.map((s) => getLabel(m, s)).join(sep)));
}

async function histogramQuantile(ev: Evaluator, call: Call, st: Steps): Promise<Value> {
  const q = (await scalarArg(ev, call.args[0]!, st)).values;
  const v = await vectorArg(ev, call.args[1]!, st);
  // Buckets group by all labels but `le` (the metric name included); the output drops both.
  const groups = new Map<string, { metric: StepSeries['metric']; members: { bound: number; s: StepSeries }[] }>();
  for (const s of v.series) {
    const bound = parseGoFloat(getLabel(s.metric, 'le'));
    if (bound === undefined) continue;
    const withoutLe = s.metric.filter(([n]) => n !== 'le');
    const key = labelsKey(withoutLe);
    let g = groups.get(key);
    if (!g) {
      g = { metric: dropMetricName(withoutLe), members: [] };
      groups.set(key, g);
    }
    g.members.push({ bound, s });
  }
  const b = new SeriesBuilder(st.n);
  for (const g of groups.values()) {
    ev.check();
    // Bounds never change over steps: sort the members once (NaN bounds first, as Go's sort).
    g.members.sort((x, y) => (Number.isNaN(x.bound) ? -1 : Number.isNaN(y.bound) ? 1 : x.bound - y.bound));
    const k = g.members.length;
    const bounds = new Float64Array(k);
    const counts = new Float64Array(k);
    const out = b.series(g.metric);
    for (let i = 0; i < st.n; i++) {
      let n = 0;
      for (const m of g.members) {
        if (!m.s.present[i]) continue;
        bounds[n] = m.bound;
        counts[n++] = m.s.values[i]!;
      }
      if (n > 0) b.put(out, i, sortedBucketQuantile(q[i]!, bounds, counts, n));
    }
  }
  return { kind: 'vector', series: b.result() };
}

/** Range-vector functions: one window per series and step, as Prometheus' matrix-arg path. */
async function evalRangeFunction(ev: Evaluator, call: Call, matrixIndex: number, st: Steps): Promise<Value> {
  const name = call.func.name;
  const scalars: (Float64Array | undefined)[] = [];
  for (let i = 0; i < call.args.length; i++) {
    if (i === matrixIndex) scalars.push(undefined);
    else scalars.push((await scalarArg(ev, call.args[i]!, st)).values);
  }
  const arg: RangeArg = await ev.rangeArg(call.args[matrixIndex]!, st, name);
  if (name === 'absent_over_time') return absentOverTime(ev, call, arg, st);
  const fn = WINDOW_FUNCTIONS.get(name);
  if (!fn) throw badDataError(`function ${name} is not supported`);
  const keepName = name === 'last_over_time';
  const ctx: WindowContext = { ts: 0, rangeStart: 0, rangeEnd: 0, rangeMs: arg.rangeMs, args: scalars.map(() => 0), value: 0 };
  const out: StepSeries[] = [];
  const seen = new Set<string>();
  const hasScalars = scalars.some((x) => x !== undefined);
  const { start, step, n } = st;
  const rangeMs = arg.rangeMs;
  const ends = readTimes(st, arg.atMs, arg.offsetMs, ev.opts.arena);
  const slab = new StepSlab(arg.series.length, n, ev.opts.arena);
  for (const s of arg.series) {
    ev.check();
    const res = slab.next(keepName ? s.metric : dropMetricName(s.metric));
    const t = s.t;
    const len = t.length;
    let any = false;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const maxt = ends[i]!;
      const mint = maxt - rangeMs;
      while (lo < len && t[lo]! < mint) lo++;
      if (hi < lo) hi = lo;
      while (hi < len && t[hi]! <= maxt) hi++;
      if (hi <= lo) continue;
      ctx.ts = start + i * step;
      ctx.rangeStart = mint;
      ctx.rangeEnd = maxt;
      if (hasScalars) {
        for (let a = 0; a < scalars.length; a++) {
          const sa = scalars[a];
          ctx.args[a] = sa === undefined ? 0 : sa[i]!;
        }
      }
      if (!fn(t, s.v, lo, hi, ctx)) continue;
      res.values[i] = ctx.value;
      res.present[i] = 1;
      any = true;
    }
    if (!any) continue;
    const key = labelsKey(res.metric);
    if (seen.has(key)) throw executionError('vector cannot contain metrics with the same labelset');
    seen.add(key);
    slab.keep();
    out.push(res);
  }
  return { kind: 'vector', series: out };
}

function absentOverTime(ev: Evaluator, call: Call, arg: RangeArg, st: Steps): Value {
  const found = new Uint8Array(st.n);
  const ends = readTimes(st, arg.atMs, arg.offsetMs, ev.opts.arena);
  for (const s of arg.series) {
    ev.check();
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < st.n; i++) {
      const maxt = ends[i]!;
      const mint = maxt - arg.rangeMs;
      while (lo < s.t.length && s.t[lo]! < mint) lo++;
      if (hi < lo) hi = lo;
      while (hi < s.t.length && s.t[hi]! <= maxt) hi++;
      if (hi > lo) found[i] = 1;
    }
  }
  const out = newSeries(absentLabels(call.args[0]!), st.n);
  for (let i = 0; i < st.n; i++) {
    if (!found[i]) {
      out.present[i] = 1;
      out.values[i] = 1;
    }
  }
  return { kind: 'vector', series: out.present.includes(1) ? [out] : [] };
}
