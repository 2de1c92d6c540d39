/**
 * The evaluation core: walks the AST once for all steps of a query. Each selector is read from
 * the Querier once for the whole time range (with SelectHints), then slid over the steps with
 * typed arrays. Semantics follow Prometheus 2.x promql/engine.go: lookback delta and stale
 * markers for instant selectors, closed [t-range, t] windows for range selectors, subquery step
 * alignment, `@`/offset handling and step-invariant evaluation.
 */
import type { Querier, SelectHints, SeriesSamples } from '../store/metrics/querier.js';
import type { QueryArena } from '../store/metrics/query-arena.js';
import type { Expr, MatrixSelector, SubqueryExpr, VectorSelector } from './ast.js';
import { AT_MODIFIER_UNSAFE } from './function-defs.js';
import { canceledError, timeoutError, tooManySamplesError } from './errors.js';
import { dropMetricName, makeLabels } from './labels.js';
import { isStaleAt, wordsOf } from './go-compat.js';
import { evalAggregate } from './aggregate.js';
import { evalBinary } from './binary.js';
import { evalCall } from './call.js';
import { SeriesBuilder, StepSlab, makeSteps, readTimes, scalarOf, stepTime, type RawSeries, type StepSeries, type Steps, type Value, type VectorValue } from './values.js';

export interface EvalOptions {
  lookbackMs: number;
  /** Default subquery step (Prometheus' global evaluation interval). */
  defaultEvalIntervalMs: number;
  maxSamples: number;
  deadline: number;
  /** The caller's signal: aborting it cancels the query. */
  signal: AbortSignal | undefined;
  /** Aborts on cancel or timeout; handed to the store so long reads stop too. */
  storeSignal: AbortSignal | undefined;
  /** The query's own start and end, for `@ start()` / `@ end()`. */
  queryStart: number;
  queryEnd: number;
  /** The query's typed arrays, handed back when the query ends (results are copied out first). */
  arena: QueryArena;
}

/** A range-vector argument: raw series plus how to place the window at each step. */
export interface RangeArg {
  series: RawSeries[];
  rangeMs: number;
  offsetMs: number;
  /** Fixed evaluation time from `@`, or null to use the step time. */
  atMs: number | null;
}

/** A selected instant vector with the timestamp of each step's sample (for timestamp()). */
export interface SelectedVector extends VectorValue {
  sampleTimes: Float64Array[];
}

export class Evaluator {
  private samples = 0;
  private checks = 0;

  constructor(private readonly querier: Querier, readonly opts: EvalOptions) {}

  /** Throws timeout/cancel errors; cheap enough to call in inner loops. */
  check(where = 'expression evaluation'): void {
    if ((++this.checks & 255) !== 0) return;
    this.checkNow(where);
  }

  checkNow(where = 'expression evaluation'): void {
    if (this.opts.signal?.aborted) throw canceledError(where);
    if (Date.now() > this.opts.deadline) throw timeoutError(where);
  }

  countSamples(n: number): void {
    this.samples += n;
    if (this.samples > this.opts.maxSamples) throw tooManySamplesError();
  }

  resolveAt(atMs: number | null, anchor: 'start' | 'end' | null): number | null {
    if (anchor === 'start') return this.opts.queryStart;
    if (anchor === 'end') return this.opts.queryEnd;
    return atMs;
  }

  /**
   * Evaluates a node for all steps. Like Prometheus' currentSamples, the sample count covers
   * what is held at once: what a node's children selected or produced is released when the
   * node returns, and its own result is counted instead.
   */
  async eval(e: Expr, st: Steps): Promise<Value> {
    this.checkNow();
    const held = this.samples;
    let v: Value;
    if (st.n > 1 && e.type !== 'NumberLiteral' && e.type !== 'StringLiteral' && isStepInvariant(e)) {
      v = replicate(await this.evalNode(e, makeSteps(st.start, st.start, st.step)), st.n);
    } else {
      v = await this.evalNode(e, st);
    }
    this.samples = held;
    this.countSamples(pointsOf(v, st.n));
    return v;
  }

  private async evalNode(e: Expr, st: Steps): Promise<Value> {
    switch (e.type) {
      case 'NumberLiteral':
        return scalarOf(st.n, e.value);
      case 'StringLiteral':
        return { kind: 'string', value: e.value };
      case 'ParenExpr':
        return this.eval(e.expr, st);
      case 'UnaryExpr': {
        const v = await this.eval(e.expr, st);
        if (e.op === '+') return v;
        if (v.kind === 'scalar') return { kind: 'scalar', values: v.values.map((x) => -x) };
        if (v.kind !== 'vector') return v;
        const b = new SeriesBuilder(st.n);
        for (const s of v.series) {
          const out = b.series(dropMetricName(s.metric));
          for (let i = 0; i < st.n; i++) if (s.present[i]) b.put(out, i, -s.values[i]!);
        }
        return { kind: 'vector', series: b.result() };
      }
      case 'VectorSelector':
        return this.selectVector(e, st);
      case 'Call':
        return evalCall(this, e, st);
      case 'AggregateExpr':
        return evalAggregate(this, e, st);
      case 'BinaryExpr':
        return evalBinary(this, e, st);
      case 'MatrixSelector':
      case 'SubqueryExpr':
        throw new Error(`internal: range vector ${e.type} evaluated as an instant value`);
    }
  }

  /** Instant vector selector: the latest sample within the lookback delta, unless it is stale. */
  async selectVector(vs: VectorSelector, st: Steps, hints: SelectHints = {}): Promise<SelectedVector> {
    const at = this.resolveAt(vs.atMs, vs.atAnchor);
    const firstRef = (at ?? st.start) - vs.offsetMs;
    const lastRef = (at ?? stepTime(st, st.n - 1)) - vs.offsetMs;
    const lookback = this.opts.lookbackMs;
    const raw = await this.select(vs.matchers, firstRef - lookback, lastRef, { stepMs: st.step || undefined, ...hints, signal: this.opts.storeSignal, arena: this.opts.arena });
    const series: StepSeries[] = [];
    const sampleTimes: Float64Array[] = [];
    // one buffer per column for all series (a view each): three typed arrays per series made a
    // select of 100k series spend most of its time allocating and collecting them
    const n = st.n;
    const slab = new StepSlab(raw.length, n, this.opts.arena, true);
    const refs = readTimes(st, at, vs.offsetMs, this.opts.arena);
    for (const r of raw) {
      this.check();
      this.countSamples(r.timestamps.length);
      const t = r.timestamps;
      const words = wordsOf(r.values);
      const out = slab.next(normalizeLabels(r.labels));
      const times = slab.nextTimes();
      let j = -1;
      let any = false;
      for (let i = 0; i < n; i++) {
        const ref = refs[i]!;
        while (j + 1 < t.length && t[j + 1]! <= ref) j++;
        if (j < 0 || t[j]! < ref - lookback || isStaleAt(words, j)) continue;
        out.values[i] = r.values[j]!;
        out.present[i] = 1;
        times[i] = t[j]!;
        any = true;
      }
      if (any) {
        series.push(out);
        sampleTimes.push(times);
        slab.keep();
      }
    }
    return { kind: 'vector', series, sampleTimes };
  }

  /** Reads from the store; a read stopped by cancel or timeout reports as such. */
  private async select(matchers: VectorSelector['matchers'], start: number, end: number, hints: SelectHints): Promise<SeriesSamples[]> {
    try {
      const raw = await this.querier.select(matchers, start, end, hints);
      this.checkNow();
      return raw;
    } catch (err) {
      if (this.opts.signal?.aborted) throw canceledError('expression evaluation');
      if (Date.now() > this.opts.deadline || this.opts.storeSignal?.aborted) throw timeoutError('expression evaluation');
      throw err;
    }
  }

  /** Resolves a range-vector argument (matrix selector or subquery, maybe in parentheses). */
  async rangeArg(e: Expr, st: Steps, func: string): Promise<RangeArg> {
    const inner = unwrapParens(e);
    if (inner.type === 'MatrixSelector') return this.selectMatrix(inner, st, func);
    if (inner.type === 'SubqueryExpr') return this.subquery(inner, st);
    throw new Error(`internal: expected a range vector, got ${inner.type}`);
  }

  private async selectMatrix(ms: MatrixSelector, st: Steps, func: string): Promise<RangeArg> {
    const vs = ms.vectorSelector;
    const at = this.resolveAt(vs.atMs, vs.atAnchor);
    const firstMax = (at ?? st.start) - vs.offsetMs;
    const lastMax = (at ?? stepTime(st, st.n - 1)) - vs.offsetMs;
    const raw = await this.select(vs.matchers, firstMax - ms.rangeMs, lastMax, {
      stepMs: st.step || undefined,
      func,
      rangeMs: ms.rangeMs,
      signal: this.opts.storeSignal,
      arena: this.opts.arena,
    });
    const series: RawSeries[] = [];
    for (const r of raw) {
      this.check();
      this.countSamples(r.timestamps.length);
      series.push(dropStale(normalizeLabels(r.labels), r.timestamps, r.values));
    }
    return { series, rangeMs: ms.rangeMs, offsetMs: vs.offsetMs, atMs: at };
  }

  /** Evaluates a subquery's inner expression on its own aligned step grid. */
  async subquery(sq: SubqueryExpr, st: Steps): Promise<RangeArg> {
    const at = this.resolveAt(sq.atMs, sq.atAnchor);
    const step = sq.stepMs || this.opts.defaultEvalIntervalMs;
    const outerStart = at ?? st.start;
    const outerEnd = at ?? stepTime(st, st.n - 1);
    const lowest = outerStart - sq.offsetMs - sq.rangeMs;
    // Go's integer division truncates toward zero; the first step is the first multiple of
    // `step` at or after `lowest`.
    let innerStart = step * Math.trunc(lowest / step);
    if (innerStart < lowest) innerStart += step;
    const innerEnd = outerEnd - sq.offsetMs;
    const series: RawSeries[] = [];
    if (innerStart <= innerEnd) {
      const inner = makeSteps(innerStart, innerEnd, step);
      const v = await this.eval(sq.expr, inner);
      if (v.kind === 'vector') {
        for (const s of v.series) {
          let count = 0;
          for (let i = 0; i < inner.n; i++) count += s.present[i]!;
          const t = new Float64Array(count);
          const vals = new Float64Array(count);
          let k = 0;
          for (let i = 0; i < inner.n; i++) {
            if (!s.present[i]) continue;
            t[k] = innerStart + i * step;
            vals[k++] = s.values[i]!;
          }
          series.push({ metric: s.metric, t, v: vals });
        }
      }
    }
    return { series, rangeMs: sq.rangeMs, offsetMs: sq.offsetMs, atMs: at };
  }
}

/** Stores should return labels sorted by name without empty values; repair it if not. */
function normalizeLabels(labels: RawSeries['metric']): RawSeries['metric'] {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]![1] === '' || (i > 0 && labels[i - 1]![0] >= labels[i]![0])) return makeLabels(labels);
  }
  return labels;
}

function dropStale(metric: RawSeries['metric'], t: Float64Array, v: Float64Array): RawSeries {
  const words = wordsOf(v);
  let stale = 0;
  for (let i = 0; i < t.length; i++) if (isStaleAt(words, i)) stale++;
  if (stale === 0) return { metric, t, v };
  const nt = new Float64Array(t.length - stale);
  const nv = new Float64Array(t.length - stale);
  let k = 0;
  for (let i = 0; i < t.length; i++) {
    if (isStaleAt(words, i)) continue;
    nt[k] = t[i]!;
    nv[k++] = v[i]!;
  }
  return { metric, t: nt, v: nv };
}

export function unwrapParens(e: Expr): Expr {
  let x = e;
  while (x.type === 'ParenExpr') x = x.expr;
  return x;
}

/**
 * Prometheus' preprocessExprHelper: an expression whose value cannot change between steps
 * (selectors with `@`, literals, and safe functions/operators of those) is evaluated once.
 */
export function isStepInvariant(e: Expr): boolean {
  switch (e.type) {
    case 'NumberLiteral':
    case 'StringLiteral':
      return true;
    case 'VectorSelector':
      return e.atMs !== null || e.atAnchor !== null;
    case 'MatrixSelector':
      return isStepInvariant(e.vectorSelector);
    case 'SubqueryExpr':
      return e.atMs !== null || e.atAnchor !== null;
    case 'ParenExpr':
    case 'UnaryExpr':
      return isStepInvariant(e.expr);
    case 'AggregateExpr':
      return isStepInvariant(e.expr);
    case 'BinaryExpr':
      return isStepInvariant(e.lhs) && isStepInvariant(e.rhs);
    case 'Call':
      return !AT_MODIFIER_UNSAFE.has(e.func.name) && e.args.every(isStepInvariant);
  }
}

function pointsOf(v: Value, n: number): number {
  if (v.kind === 'scalar') return n;
  if (v.kind === 'string') return 0;
  let points = 0;
  for (const s of v.series) for (let i = 0; i < n; i++) points += s.present[i]!;
  return points;
}

function replicate(v: Value, n: number): Value {
  if (v.kind === 'string') return v;
  if (v.kind === 'scalar') return scalarOf(n, v.values[0]!);
  return {
    kind: 'vector',
    series: v.series.map((s) => ({ metric: s.metric, values: new Float64Array(n).fill(s.values[0]!), present: new Uint8Array(n).fill(s.present[0]!) })),
  };
}
