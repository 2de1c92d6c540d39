/**
 * Engine-only benchmark (no storage cost): typical range queries over an in-memory Querier.
 * Run: npx tsx packages/server/src/promql/bench/engine-bench.ts [iterations]
 * Prints p50/p99 per query (after 3 warm-up runs) and CPU-seconds per million samples read.
 */
import { createPromQLEngine } from '../engine.js';
import { MemoryQuerier, type MemorySeriesInput } from '../memory-querier.js';

const SCRAPE_MS = 15_000;
const HOUR = 3_600_000;

function counters(n: number, hours: number, extra: (i: number) => Record<string, string>): MemorySeriesInput[] {
  const points = Math.floor((hours * HOUR) / SCRAPE_MS) + 1;
  const timestamps = Float64Array.from({ length: points }, (_, i) => i * SCRAPE_MS);
  const out: MemorySeriesInput[] = [];
  for (let s = 0; s < n; s++) {
    const values = new Float64Array(points);
    let v = 0;
    for (let i = 0; i < points; i++) values[i] = v += (s % 7) + (i % 5);
    out.push({ labels: { __name__: 'http_requests_total', job: `job${s % 10}`, instance: `i${s}`, ...extra(s) }, timestamps, values });
  }
  return out;
}

async function measure(name: string, run: () => Promise<unknown>, samples: number, iterations: number): Promise<void> {
  // Warm up the JIT first: the numbers are for a running server, not a cold start.
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const p = (q: number): string => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`${name}: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, ${((cpuSeconds / (samples * iterations)) * 1e6).toFixed(2)} CPU-s per million samples read`);
}

const iterations = Number(process.argv[2] ?? 20);

// Calibration: a plain sum over 26.5M doubles (about 10-15 ms on an idle modern core), so numbers
// taken on a loaded machine can be put in proportion.
{
  const data = new Float64Array(2_650_000).fill(1.5);
  const t0 = performance.now();
  let acc = 0;
  for (let r = 0; r < 10; r++) for (let i = 0; i < data.length; i++) acc += data[i]!;
  console.log(`calibration: 26.5M-double sum in ${(performance.now() - t0).toFixed(1)} ms (${acc > 0 ? 'ok' : ''}); load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
}
const engine = createPromQLEngine();

const small = counters(1000, 1.1, () => ({}));
const q1 = new MemoryQuerier(small);
const samples1k = small.reduce((n, s) => n + s.timestamps.length, 0);
await measure('sum by (job) (rate(http_requests_total[5m])) over 1k series, 1h, step 15s', () => engine.rangeQuery(q1, 'sum by (job) (rate(http_requests_total[5m]))', 0.1 * HOUR, 1.1 * HOUR, SCRAPE_MS), samples1k, iterations);

const buckets = ['0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '+Inf'];
const hist = counters(100, 6.1, () => ({})).flatMap((s, i) => buckets.map((le, k) => ({ ...s, labels: { ...(s.labels as Record<string, string>), __name__: 'latency_bucket', le }, values: (s.values as Float64Array).map((v) => v * (k + 1)) , i })));
const q2 = new MemoryQuerier(hist);
const samplesHist = hist.reduce((n, s) => n + s.timestamps.length, 0);
await measure('histogram_quantile(0.99, sum by (le, job) (rate(latency_bucket[5m]))) over 800 series, 6h, step 60s', () => engine.rangeQuery(q2, 'histogram_quantile(0.99, sum by (le, job) (rate(latency_bucket[5m])))', 0.1 * HOUR, 6.1 * HOUR, 60_000), samplesHist, Math.max(3, iterations / 4));

const big = counters(10_000, 1.1, () => ({}));
const q3 = new MemoryQuerier(big);
const samples10k = big.reduce((n, s) => n + s.timestamps.length, 0);
await measure('topk(10, rate(http_requests_total[5m])) over 10k series, 1h, step 60s', () => engine.rangeQuery(q3, 'topk(10, rate(http_requests_total[5m]))', 0.1 * HOUR, 1.1 * HOUR, 60_000), samples10k, Math.max(3, iterations / 4));
