/**
 * createPromQLEngine: instant and range queries over any Querier, with Prometheus' defaults
 * (5m lookback, 2m timeout, 50M samples) and result shapes.
 */
import type { Querier } from '../store/metrics/querier.js';
import type { EngineOptions, PromQLEngine, QueryResult, SeriesPoints } from './engine-api.js';
import { typeOf, type Expr } from './ast.js';
import { badDataError } from './errors.js';
import { Evaluator, unwrapParens, type EvalOptions, type RangeArg } from './evaluator.js';
import { compareLabels } from './labels.js';
import { parsePromQL } from './parser.js';
import { makeSteps, type Steps } from './values.js';
import { QueryArena } from '../store/metrics/query-arena.js';

const DEFAULTS = {
  lookbackDeltaMs: 5 * 60_000,
  timeoutMs: 2 * 60_000,
  maxSamples: 50_000_000,
  defaultEvalIntervalMs: 60_000,
};

export function createPromQLEngine(options: EngineOptions = {}): PromQLEngine {
  const cfg = { ...DEFAULTS, ...stripUndefined(options) };

  function evaluator(querier: Querier, start: number, end: number, signal: AbortSignal | undefined, arena: QueryArena): Evaluator {
    const opts: EvalOptions = {
      lookbackMs: cfg.lookbackDeltaMs,
      defaultEvalIntervalMs: cfg.defaultEvalIntervalMs,
      maxSamples: cfg.maxSamples,
      deadline: Date.now() + cfg.timeoutMs,
      signal,
      storeSignal: signal ? AbortSignal.any([signal, AbortSignal.timeout(cfg.timeoutMs)]) : AbortSignal.timeout(cfg.timeoutMs),
      queryStart: start,
      queryEnd: end,
      arena,
    };
    return new Evaluator(querier, opts);
  }

  return {
    async instantQuery(querier, query, timeMs, signal) {
      const expr = parsePromQL(query);
      return withArena((arena) => instantQuery(evaluator(querier, timeMs, timeMs, signal, arena), expr, timeMs));
    },

    async rangeQuery(querier, query, startMs, endMs, stepMs, signal) {
      if (!(stepMs > 0)) throw badDataError('zero or negative query resolution step widths are not accepted. Try a positive integer');
      if (endMs < startMs) throw badDataError('end timestamp must not be before start time');
      const expr = parsePromQL(query);
      checkRangeType(expr);
      return withArena((arena) => rangeQuery(evaluator(querier, startMs, endMs, signal, arena), expr, makeSteps(startMs, endMs, stepMs)));
    },
  };
}

/** Runs one query with its own arena, released when the query settles (results are copies). */
async function withArena(run: (arena: QueryArena) => Promise<QueryResult>): Promise<QueryResult> {
  const arena = new QueryArena();
  try {
    return await run(arena);
  } finally {
    arena.release();
  }
}

async function instantQuery(ev: Evaluator, expr: Expr, timeMs: number): Promise<QueryResult> {
  const st = makeSteps(timeMs, timeMs, 0);
  const top = unwrapParens(expr);
  if (top.type === 'MatrixSelector' || top.type === 'SubqueryExpr') {
    return matrixAt(await ev.rangeArg(top, st, ''), timeMs);
  }
  const v = await ev.eval(expr, st);
  if (v.kind === 'string') return { resultType: 'string', timestampMs: timeMs, value: v.value };
  if (v.kind === 'scalar') return { resultType: 'scalar', timestampMs: timeMs, value: v.values[0]! };
  const samples: { metric: SeriesPoints['metric']; timestampMs: number; value: number }[] = [];
  for (const s of v.series) if (s.present[0]) samples.push({ metric: s.metric, timestampMs: timeMs, value: s.values[0]! });
  return { resultType: 'vector', samples };
}

/** Copies the result out of the query's typed arrays (they go back to the arena's pool). */
async function rangeQuery(ev: Evaluator, expr: Expr, st: Steps): Promise<QueryResult> {
  const { start: startMs, step: stepMs } = st;
  const v = await ev.eval(expr, st);
  const times = Float64Array.from({ length: st.n }, (_, i) => startMs + i * stepMs);
  if (v.kind === 'scalar') return { resultType: 'matrix', series: [{ metric: [], timestamps: times, values: v.values.slice() }] };
  if (v.kind !== 'vector') throw badDataError('invalid expression type "string" for range query, must be Scalar or instant Vector');
  const series: SeriesPoints[] = [];
  for (const s of v.series) {
    let count = 0;
    for (let i = 0; i < st.n; i++) count += s.present[i]!;
    if (count === 0) continue;
    const timestamps = new Float64Array(count);
    const values = new Float64Array(count);
    let k = 0;
    for (let i = 0; i < st.n; i++) {
      if (!s.present[i]) continue;
      timestamps[k] = times[i]!;
      values[k++] = s.values[i]!;
    }
    series.push({ metric: s.metric, timestamps, values });
  }
  series.sort((a, b) => compareLabels(a.metric, b.metric));
  return { resultType: 'matrix', series };
}

function checkRangeType(expr: Expr): void {
  const t = typeOf(expr);
  if (t !== 'scalar' && t !== 'vector') {
    const word = t === 'matrix' ? 'range vector' : t;
    throw badDataError(`invalid expression type ${JSON.stringify(word)} for range query, must be Scalar or instant Vector`);
  }
}

/** A range vector at one instant: each series' samples inside the window. */
function matrixAt(arg: RangeArg, timeMs: number): QueryResult {
  const maxt = (arg.atMs ?? timeMs) - arg.offsetMs;
  const mint = maxt - arg.rangeMs;
  const series: SeriesPoints[] = [];
  for (const s of arg.series) {
    let lo = 0;
    while (lo < s.t.length && s.t[lo]! < mint) lo++;
    let hi = lo;
    while (hi < s.t.length && s.t[hi]! <= maxt) hi++;
    if (hi === lo) continue;
    series.push({ metric: s.metric, timestamps: s.t.slice(lo, hi), values: s.v.slice(lo, hi) });
  }
  series.sort((a, b) => compareLabels(a.metric, b.metric));
  return { resultType: 'matrix', series };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
