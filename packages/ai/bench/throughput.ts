/**
 * Throughput per method on one core (this process, one thread): series per second and CPU-seconds
 * per million points, on 2016-point windows (one week of 5-minute points) cut from nab-dev files,
 * the unit a scheduler would hand the service every minute per series.
 * Usage: node --import tsx packages/ai/bench/throughput.ts [--seconds 3] [--json]
 */
import { detectAnomalies } from '../src/anomaly/detector.js';
import { computeBaseline } from '../src/baseline/baseline.js';
import { predictExhaustion } from '../src/forecast/exhaustion.js';
import { forecast } from '../src/forecast/forecast.js';
import { findPeriods } from '../src/stats/acf.js';
import { loadNab } from './data.js';

const args = process.argv.slice(2);
const seconds = Number(args.includes('--seconds') ? args[args.indexOf('--seconds') + 1] : 3);
const W = 2016;
const windows = loadNab()
  .filter((f) => f.values.length >= W)
  .map((f) => f.values.slice(f.values.length - W));

interface Row {
  method: string;
  seriesPerSecond: number;
  cpuSecondsPerMillionPoints: number;
}

async function measure(method: string, fn: (y: number[]) => unknown): Promise<Row> {
  let count = 0;
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - wall0 < seconds * 1000) {
    await fn(windows[count % windows.length]!);
    count++;
  }
  const c = process.cpuUsage(cpu0);
  const cpuS = (c.user + c.system) / 1e6;
  return { method, seriesPerSecond: count / cpuS, cpuSecondsPerMillionPoints: (cpuS / (count * W)) * 1e6 };
}

const rows: Row[] = [];
rows.push(await measure('DetectAnomalies ensemble, default (every point scored causally)', (y) => detectAnomalies(y)));
rows.push(await measure('DetectAnomalies ensemble, newest 5 points (score_last)', (y) => detectAnomalies(y, { scoreFrom: y.length - 5 })));
rows.push(await measure('DetectAnomalies seasonal_zscore (every point scored causally)', (y) => detectAnomalies(y, { method: 'seasonal_zscore' })));
rows.push(await measure('DetectAnomalies seasonal_zscore, newest 5 points (score_last)', (y) => detectAnomalies(y, { method: 'seasonal_zscore', scoreFrom: y.length - 5 })));
rows.push(await measure('DetectAnomalies zscore (no season)', (y) => detectAnomalies(y, { method: 'zscore' })));
rows.push(await measure('Baseline (period search + robust decomposition)', (y) => computeBaseline(y)));
rows.push(await measure('Forecast seasonal_naive, 288 ahead (incl. period search)', (y) => forecast(y, 288, { method: 'seasonal_naive' })));
rows.push(await measure('Forecast holt_winters, 288 ahead (incl. period search)', (y) => forecast(y, 288, { method: 'holt_winters' })));
rows.push(
  await measure('Forecast learned (ONNX), 288 ahead (incl. period search)', (y) => {
    const p = findPeriods(y)[0] ?? 0;
    return forecast(y, 288, { method: p > 1 && y.length >= 3 * p + 4 ? 'learned' : 'holt_winters', period: p });
  }),
);
rows.push(await measure('PredictExhaustion, 1000 ahead', (y) => predictExhaustion(y, findPeriods(y)[0] ?? 0, 1e12, false, 1000)));
if (args.includes('--json')) console.log(JSON.stringify({ points: W, rows }, null, 2));
else {
  console.log(`one core, ${W}-point series, ${seconds} s per method`);
  for (const r of rows) console.log(`${r.method.padEnd(62)} ${r.seriesPerSecond.toFixed(0).padStart(7)} series/s  ${r.cpuSecondsPerMillionPoints.toFixed(2).padStart(7)} CPU-s per 1M points`);
}
