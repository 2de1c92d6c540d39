/**
 * The AiService methods: validate, compute, map back to the wire. Each handler is a plain async
 * function from request message to response message, so tests and the server share them.
 */
import { detectAnomalies, DETECTOR_DEFAULTS, type DetectorMethodName } from '../anomaly/detector.js';
import { computeBaseline } from '../baseline/baseline.js';
import { regularize, type RegularSeries } from '../baseline/series.js';
import { forecast, type ForecastMethodName } from '../forecast/forecast.js';
import { predictExhaustion } from '../forecast/exhaustion.js';
import { rankRootCauses } from '../rca/rank.js';
import { findPeriods } from '../stats/acf.js';
import { aiError } from '../errors.js';
import type { Checkpoint } from './deadline.js';
import type { AiLimits } from './limits.js';
import type { BaselineRequestMsg, DetectAnomaliesRequestMsg, ForecastRequestMsg, PredictExhaustionRequestMsg, RankRootCausesRequestMsg } from './messages.js';
import { checkEnum, checkRange, checkSeries } from './validate.js';

export interface HandlerContext {
  limits: AiLimits;
  checkpoint: Checkpoint;
  modelPath?: string;
}

/** UNSPECIFIED is the product default, the `ensemble` method (docs/ai-quality.md); the others stay selectable. */
const DETECTOR_METHODS: Record<string, DetectorMethodName | undefined> = {
  DETECTOR_METHOD_UNSPECIFIED: undefined,
  DETECTOR_METHOD_SEASONAL_ZSCORE: 'seasonal_zscore',
  DETECTOR_METHOD_ZSCORE: 'zscore',
  DETECTOR_METHOD_ENSEMBLE: 'ensemble',
};

const FORECAST_METHODS: Record<string, ForecastMethodName | undefined> = {
  FORECAST_METHOD_UNSPECIFIED: undefined,
  FORECAST_METHOD_HOLT_WINTERS: 'holt_winters',
  FORECAST_METHOD_SEASONAL_NAIVE: 'seasonal_naive',
  FORECAST_METHOD_LEARNED: 'learned',
};

function timeAt(g: RegularSeries, i: number): number {
  return g.startMs + i * g.stepMs;
}

export async function handleDetectAnomalies(req: DetectAnomaliesRequestMsg, ctx: HandlerContext) {
  const s = checkSeries(req.series, 'series', ctx.limits, 1);
  const method = checkEnum(req.method, 'method', DETECTOR_METHODS);
  const threshold = req.threshold === 0 ? undefined : checkRange(req.threshold, 'threshold', 0, 1);
  const scoreLast = checkRange(req.scoreLast, 'score_last', 0, ctx.limits.maxPointsPerSeries);
  const g = regularize(s.timestamps, s.values);
  ctx.checkpoint();
  const scoreFrom = scoreLast > 0 ? Math.max(0, g.values.length - scoreLast) : undefined;
  const r = detectAnomalies(g.values, { method, threshold, scoreFrom, checkpoint: ctx.checkpoint });
  const points = [];
  for (let i = scoreFrom ?? 0; i < g.values.length; i++) {
    const src = g.sourceIndex[i]!;
    if (src < 0) continue;
    const expected = r.expected[i]!;
    points.push({ timestampMs: s.timestamps[src]!, value: s.values[src]!, expected: Number.isNaN(expected) ? s.values[src]! : expected, score: r.score[i]!, anomalous: r.anomalous[i] === 1 });
  }
  return {
    points,
    windows: r.episodes.map((e) => ({ startMs: timeAt(g, e.start), endMs: timeAt(g, e.end), maxScore: e.maxScore, kind: e.kind })),
    periods: r.periods,
    method: method ?? DETECTOR_DEFAULTS.method,
  };
}

export async function handleBaseline(req: BaselineRequestMsg, ctx: HandlerContext) {
  const s = checkSeries(req.series, 'series', ctx.limits, 3);
  const k = req.bandSigmas === 0 ? 3 : checkRange(req.bandSigmas, 'band_sigmas', 0, 100);
  const g = regularize(s.timestamps, s.values);
  ctx.checkpoint();
  const b = computeBaseline(g.values, k);
  const points = [];
  for (let i = 0; i < g.values.length; i++) {
    if (g.sourceIndex[i]! < 0) continue;
    points.push({ timestampMs: s.timestamps[g.sourceIndex[i]!]!, expected: b.expected[i]!, lower: b.lower[i]!, upper: b.upper[i]! });
  }
  return { points, periods: b.periods, stepMs: g.stepMs, robustSigma: b.sigma };
}

export async function handleRankRootCauses(req: RankRootCausesRequestMsg, ctx: HandlerContext) {
  if (req.targetNode === '') throw aiError('PTR_ERR_VALIDATION', 'target_node: required');
  if (req.targetMetric === '') throw aiError('PTR_ERR_VALIDATION', 'target_metric: required');
  if (!(req.incidentStartMs > 0)) throw aiError('PTR_ERR_VALIDATION', 'incident_start_ms: required (Unix milliseconds)');
  if (req.candidates.length === 0) throw aiError('PTR_ERR_VALIDATION', 'candidates: at least one series is needed');
  if (req.candidates.length > ctx.limits.maxCandidates) {
    throw aiError('PTR_ERR_PAYLOAD_TOO_LARGE', `candidates: ${req.candidates.length} series, more than the limit of ${ctx.limits.maxCandidates}`);
  }
  if (req.edges.length > ctx.limits.maxEdges) throw aiError('PTR_ERR_PAYLOAD_TOO_LARGE', `edges: ${req.edges.length}, more than the limit of ${ctx.limits.maxEdges}`);
  req.edges.forEach((e, i) => {
    if (e.caller === '' || e.callee === '') throw aiError('PTR_ERR_VALIDATION', `edges[${i}]: caller and callee are required`);
  });
  const minScore = req.minScore === 0 ? undefined : checkRange(req.minScore, 'min_score', 0, 1e6);
  const candidates = req.candidates.map((c, i) => {
    if (c.node === '') throw aiError('PTR_ERR_VALIDATION', `candidates[${i}].node: required`);
    const s = checkSeries(c.series, `candidates[${i}].series`, ctx.limits, 1);
    return { node: c.node, metric: c.metric, name: s.name === '' ? `${c.node}/${c.metric}` : s.name, timestamps: s.timestamps, values: s.values };
  });
  ctx.checkpoint();
  const r = rankRootCauses({ targetNode: req.targetNode, targetMetric: req.targetMetric, incidentStartMs: req.incidentStartMs, candidates, edges: req.edges, minScore, virtualNodes: req.virtualNodes });
  return r;
}

export async function handleForecast(req: ForecastRequestMsg, ctx: HandlerContext) {
  const s = checkSeries(req.series, 'series', ctx.limits, 3);
  const horizon = checkRange(req.horizon, 'horizon', 1, ctx.limits.maxHorizon);
  const method = checkEnum(req.method, 'method', FORECAST_METHODS);
  const coverage = req.interval === 0 ? 0.95 : checkRange(req.interval, 'interval', 0.01, 0.999);
  const g = regularize(s.timestamps, s.values);
  ctx.checkpoint();
  const f = await forecast(g.values, horizon, { method, coverage, modelPath: ctx.modelPath });
  const last = s.timestamps[s.timestamps.length - 1]!;
  const step = g.stepMs > 0 ? g.stepMs : 1;
  const points = [];
  for (let h = 0; h < horizon; h++) points.push({ timestampMs: last + (h + 1) * step, mean: f.mean[h]!, lower: f.lower[h]!, upper: f.upper[h]! });
  return { points, method: f.method, periods: f.period > 0 ? [f.period] : [] };
}

export async function handlePredictExhaustion(req: PredictExhaustionRequestMsg, ctx: HandlerContext) {
  const s = checkSeries(req.series, 'series', ctx.limits, 3);
  if (!Number.isFinite(req.limit)) throw aiError('PTR_ERR_VALIDATION', 'limit: not a finite number');
  const g = regularize(s.timestamps, s.values);
  const period = findPeriods(g.values)[0] ?? 0;
  const horizon = req.maxHorizon === 0 ? Math.min(ctx.limits.maxHorizon, period > 0 ? 4 * period : 1000) : checkRange(req.maxHorizon, 'max_horizon', 1, ctx.limits.maxHorizon);
  ctx.checkpoint();
  const r = predictExhaustion(g.values, period, req.limit, req.falling, horizon);
  const last = s.timestamps[s.timestamps.length - 1]!;
  const step = g.stepMs > 0 ? g.stepMs : 1;
  const at = (h: number | undefined): number => (h === undefined ? 0 : last + h * step);
  return { willExhaust: r.willExhaust, exhaustAtMs: at(r.atStep), earliestMs: at(r.earliestStep), latestMs: at(r.latestStep), confidence: r.confidence, trendPerStep: r.trendPerStep };
}
