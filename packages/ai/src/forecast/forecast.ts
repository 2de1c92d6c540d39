/**
 * One entry point for forecasting: finds the period from the data and runs the chosen method.
 * `auto` is the product default, the method that docs/ai-quality.md's measurements prefer.
 */
import { findPeriods } from '../stats/acf.js';
import { forecastHoltWinters } from './holt-winters.js';
import { forecastLearned, learnedAvailable } from './learned.js';
import { forecastSeasonalNaive } from './seasonal-naive.js';
import type { ForecastResult } from './types.js';

export type ForecastMethodName = 'holt_winters' | 'seasonal_naive' | 'learned';

/** The measured winner (docs/ai-quality.md, "Forecasting"); used when a request names no method. */
export const DEFAULT_FORECAST_METHOD: ForecastMethodName = 'holt_winters';

export interface ForecastOptions {
  method?: ForecastMethodName;
  coverage?: number;
  /** Seasonal period in points; found from the data when absent. */
  period?: number;
  modelPath?: string;
}

export async function forecast(y: ArrayLike<number>, horizon: number, options: ForecastOptions = {}): Promise<ForecastResult & { method: ForecastMethodName }> {
  const period = options.period ?? findPeriods(y)[0] ?? 0;
  const coverage = options.coverage ?? 0.95;
  let method = options.method ?? DEFAULT_FORECAST_METHOD;
  // The default falls back to Holt–Winters when the learned model cannot run on this series.
  if (options.method === undefined && method === 'learned' && !learnedAvailable(period, y.length)) method = 'holt_winters';
  switch (method) {
    case 'seasonal_naive':
      return { ...forecastSeasonalNaive(y, period, horizon, coverage), method };
    case 'learned':
      return { ...(await forecastLearned(y, period, horizon, coverage, options.modelPath)), method };
    case 'holt_winters':
      return { ...forecastHoltWinters(y, period, horizon, coverage), method };
  }
}
