/**
 * Forecasting benchmark: MASE (Hyndman & Koehler 2006) of seasonal naive, Holt–Winters and the
 * learned ONNX model on the nab-dev series with a daily season. A series is "daily" when the
 * period found in its first 70 % is within 3 % of 288 points (one day of 5-minute points); that
 * rule is applied blind, before any forecast is made. Origins: every 144 points through the last
 * 30 %; horizon: one day (288 points). The MASE scale is the in-sample MAE of the seasonal-naive
 * forecast (lag 288) on the data before each origin, so below 1.0 beats "same time yesterday".
 * Usage: npx tsx packages/ai/bench/forecast.ts [--json]
 */
import { forecast, type ForecastMethodName } from '../src/forecast/forecast.js';
import { findPeriods } from '../src/stats/acf.js';
import { loadNab } from './data.js';

const H = 288;
const DAY = 288;
const methods: ForecastMethodName[] = ['seasonal_naive', 'holt_winters', 'learned'];

function scale(y: ArrayLike<number>, end: number, m: number): number {
  let s = 0;
  for (let t = m; t < end; t++) s += Math.abs(y[t]! - y[t - m]!);
  return s / (end - m);
}

const files = loadNab();
const perSeries: { name: string; period: number; origins: number; mase: Record<string, number> }[] = [];
const cpu: Record<string, number> = Object.fromEntries(methods.map((m) => [m, 0]));
const calls: Record<string, number> = Object.fromEntries(methods.map((m) => [m, 0]));
for (const f of files) {
  const y = f.values;
  const n = y.length;
  const train = Math.floor(n * 0.7);
  const period = findPeriods(y.slice(0, train))[0] ?? 0;
  if (Math.abs(period - DAY) > DAY * 0.03) continue;
  const sums: Record<string, number> = Object.fromEntries(methods.map((m) => [m, 0]));
  let origins = 0;
  for (let origin = train; origin + H <= n; origin += 144) {
    const history = y.slice(0, origin);
    const q = scale(y, origin, DAY);
    if (!(q > 0)) continue;
    origins++;
    for (const m of methods) {
      const t0 = process.cpuUsage();
      const r = await forecast(history, H, { method: m, period });
      const d = process.cpuUsage(t0);
      cpu[m]! += (d.user + d.system) / 1e6;
      calls[m]!++;
      let mae = 0;
      for (let h = 0; h < H; h++) mae += Math.abs(y[origin + h]! - r.mean[h]!);
      sums[m]! += mae / H / q;
    }
  }
  if (origins === 0) continue;
  perSeries.push({ name: f.name, period, origins, mase: Object.fromEntries(methods.map((m) => [m, sums[m]! / origins])) });
}
const mean = (m: string) => perSeries.reduce((s, r) => s + r.mase[m]!, 0) / perSeries.length;
const geo = (m: string) => Math.exp(perSeries.reduce((s, r) => s + Math.log(r.mase[m]! / r.mase['seasonal_naive']!), 0) / perSeries.length);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ perSeries, mean: Object.fromEntries(methods.map((m) => [m, mean(m)])), cpu, calls }, null, 2));
} else {
  console.log(`series with a daily season: ${perSeries.length}; horizon ${H}; origins every 144 points over the last 30 %`);
  console.log(`${'series'.padEnd(56)}${methods.map((m) => m.padStart(16)).join('')}`);
  for (const r of perSeries) console.log(`${r.name.padEnd(56)}${methods.map((m) => r.mase[m]!.toFixed(3).padStart(16)).join('')}`);
  console.log(`${'mean MASE'.padEnd(56)}${methods.map((m) => mean(m).toFixed(3).padStart(16)).join('')}`);
  console.log(`${'geometric mean of MASE / seasonal-naive MASE'.padEnd(56)}${methods.map((m) => geo(m).toFixed(3).padStart(16)).join('')}`);
  console.log(`${'ms CPU per forecast'.padEnd(56)}${methods.map((m) => ((1000 * cpu[m]!) / calls[m]!).toFixed(2).padStart(16)).join('')}`);
}
