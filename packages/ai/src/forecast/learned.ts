/**
 * The learned forecaster: a small MLP trained offline on synthetic seasonal series
 * (packages/ai/training/train_forecaster.py), served with onnxruntime-node. One session per
 * process, loaded on first use; inference runs the whole horizon as one batch.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { aiError } from '../errors.js';
import { learnedFeatures, learnedMinPoints, N_FEATURES } from './learned-features.js';
import { forecastSeasonalNaive } from './seasonal-naive.js';
import { withIntervals, type ForecastResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The committed model: packages/ai/models/forecaster.onnx (from src/forecast or dist/forecast). */
export const DEFAULT_MODEL_PATH = resolve(here, '../../models/forecaster.onnx');

const sessions = new Map<string, Promise<ort.InferenceSession>>();

function session(path: string): Promise<ort.InferenceSession> {
  let s = sessions.get(path);
  if (s === undefined) {
    if (!existsSync(path)) throw aiError('PTR_ERR_UNAVAILABLE', `learned forecaster: model file ${path} not found`);
    // One intra-op thread: the service scores many small series, parallelism comes from requests.
    s = ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1, executionProviders: ['cpu'] });
    s.catch(() => sessions.delete(path));
    sessions.set(path, s);
  }
  return s;
}

export function learnedAvailable(period: number, points: number): boolean {
  return period > 1 && points >= learnedMinPoints(period);
}

export async function forecastLearned(y: ArrayLike<number>, period: number, horizon: number, coverage = 0.95, modelPath = DEFAULT_MODEL_PATH): Promise<ForecastResult> {
  if (!learnedAvailable(period, y.length)) {
    throw aiError('PTR_ERR_VALIDATION', `series: the learned forecaster needs a seasonal period and at least 3 periods + 4 points (have ${y.length} points, period ${period || 'none'})`);
  }
  const { features, mu, scale } = learnedFeatures(y, period, horizon);
  const s = await session(modelPath);
  const input = new ort.Tensor('float32', features, [horizon, N_FEATURES]);
  const out = await s.run({ features: input });
  const data = out['forecast']!.data as Float32Array;
  const mean = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) mean[h] = data[h]! * scale + mu;
  // Intervals: the seasonal-naive error scale (the model corrects that forecast, so its error is no larger in expectation).
  const sd = forecastSeasonalNaive(y, period, horizon).sd;
  return withIntervals(mean, sd, coverage, period);
}
