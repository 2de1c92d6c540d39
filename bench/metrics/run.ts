/**
 * Metrics benchmark: the same generated remote-write load into Pointer, Prometheus 2.42 (its
 * remote-write receiver) and VictoriaMetrics, one after the other on the same machine, then the
 * same range queries against each. Reports samples/s, CPU-seconds per million samples (all
 * threads of the server process, from /proc), bytes per sample on disk, RSS, and p50/p99 of:
 *   rate by job over 1k counters for 1 h, histogram_quantile over 6 h, topk over 10k gauges.
 *
 *   npx tsx bench/metrics/run.ts                      # quick (small load)
 *   BENCH_FULL=1 npx tsx bench/metrics/run.ts         # the full run (6 h at 60 s, 4.3M samples)
 *   BENCH_FULL=1 BENCH_RUNS=30 npx tsx bench/metrics/run.ts   # the reported run (also at BENCH_HOURS=6 BENCH_INTERVAL=300)
 *   BENCH_WARMUP=1 ...                                          # queries as a freshly started process answers them
 * Needs POINTER_TEST_PROMETHEUS_BIN and a VictoriaMetrics binary (POINTER_BENCH_VM_BIN, default
 * .cache/bin/victoria-metrics); writes bench/results/metrics-<time>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildLoad } from './load.js';
import { cpuSeconds, diskBytes, memory, sendRemoteWrite, startPointer, startPrometheus, startVictoriaMetrics, type Running } from './systems.js';

const root = resolve(import.meta.dirname, '../..');
const full = process.env['BENCH_FULL'] === '1';
const promBin = process.env['POINTER_TEST_PROMETHEUS_BIN'];
const vmBin = process.env['POINTER_BENCH_VM_BIN'] ?? join(root, '.cache/bin/victoria-metrics');
/** BENCH_SYSTEMS=Pointer,VictoriaMetrics runs only those; BENCH_KEEP=1 keeps each data dir (its path is printed). */
const only = process.env['BENCH_SYSTEMS']?.split(',').map((s) => s.trim().toLowerCase());
const wanted = (name: string): boolean => !only || only.some((o) => name.toLowerCase().startsWith(o));
const keep = process.env['BENCH_KEEP'] === '1';
if (!promBin && wanted('Prometheus')) throw new Error('POINTER_TEST_PROMETHEUS_BIN is not set: eval "$(bash scripts/services.sh env)"');

const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const base = full
  ? { counters: 1000, histograms: 1000, gauges: 10_000, hours: 6, intervalSec: 60, shards: 4, endMs: Date.now() }
  : { counters: 1000, histograms: 1000, gauges: 10_000, hours: 1, intervalSec: 120, shards: 4, endMs: Date.now() };
/**
 * BENCH_HOURS / BENCH_INTERVAL / BENCH_RUNS override the load's span, scrape interval and query
 * repetitions; BENCH_GAUGES the number of gauge series (the active-series count for RSS runs).
 */
const spec = { ...base, hours: env('BENCH_HOURS', base.hours), intervalSec: env('BENCH_INTERVAL', base.intervalSec), gauges: env('BENCH_GAUGES', base.gauges) };

/**
 * Sends the shards concurrently, as a Prometheus sender's shards do, no shard more than
 * SKEW_STEPS steps ahead of another: a receiver's in-order window (Prometheus' head accepts
 * samples down to half a block, 1 h, behind its newest) must not refuse a shard that fell behind.
 */
const SKEW_STEPS = 4;

async function ingest(sys: Running, bodies: Uint8Array[][]): Promise<{ seconds: number; retries: number }> {
  let retries = 0;
  const send = async (body: Uint8Array): Promise<void> => {
    retries += await sendRemoteWrite(sys, body, 20, 200);
  };
  const t0 = performance.now();
  const steps = bodies[0]!.length;
  for (let k = 0; k < steps; k += SKEW_STEPS) {
    await Promise.all(
      bodies.map(async (shard) => {
        for (const body of shard.slice(k, k + SKEW_STEPS)) await send(body);
      }),
    );
  }
  return { seconds: (performance.now() - t0) / 1000, retries };
}

/**
 * Disk use once background merges and the deletion of replaced files are over: at least 75 s
 * after the load, then polled every 5 s until three readings agree (at most 4 more minutes).
 */
async function steadyDiskBytes(dir: string): Promise<number> {
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  await sleep(75_000);
  const readings = [diskBytes(dir)];
  for (let i = 0; i < 48; i++) {
    await sleep(5_000);
    readings.push(diskBytes(dir));
    const last = readings.slice(-3);
    if (last.length === 3 && last.every((b) => b === last[0])) break;
  }
  return readings[readings.length - 1]!;
}

interface QuerySpec {
  name: string;
  query: string;
  rangeSec: number;
  stepSec: number;
}

/**
 * Runs a query BENCH_WARMUP times unmeasured (default 10, for every system alike), then `runs`
 * times measured: a running server's latency. A fresh Node process needs 10-15 runs of a query
 * before V8 has compiled its paths (the first 200-250 ms, then 80-140 ms for rate by job), which
 * BENCH_WARMUP=1 measures.
 */
async function timeQuery(sys: Running, q: QuerySpec, endMs: number, runs: number): Promise<{ p50: number; p99: number; series: number }> {
  const times: number[] = [];
  let series = 0;
  const end = endMs / 1000;
  const warmup = env('BENCH_WARMUP', 10);
  for (let i = -warmup; i < runs; i++) {
    const form = new URLSearchParams({ query: q.query, start: String(end - q.rangeSec), end: String(end), step: String(q.stepSec), ...sys.queryExtra });
    const t0 = performance.now();
    const res = await fetch(`${sys.queryBase}/api/v1/query_range`, { method: 'POST', headers: { ...sys.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    const body = (await res.json()) as { status: string; data?: { result: unknown[] }; error?: string };
    if (i >= 0) times.push(performance.now() - t0);
    if (body.status !== 'success') throw new Error(`${sys.name} ${q.name}: ${body.error}`);
    series = body.data!.result.length;
  }
  times.sort((a, b) => a - b);
  const pct = (p: number): number => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  return { p50: pct(50), p99: pct(99), series };
}

async function main(): Promise<void> {
  console.log(`building load (${full ? 'full' : 'quick'}): ${JSON.stringify(spec)}`);
  const load = buildLoad(spec);
  const bodyBytes = load.bodies.flat().reduce((n, b) => n + b.length, 0);
  console.log(`${load.series} series, ${load.samples} samples, ${load.bodies[0]!.length} steps x ${spec.shards} shards, ${(bodyBytes / 1e6).toFixed(1)} MB snappy`);
  const queries: QuerySpec[] = [
    { name: 'rate by job, 1k series, 1h', query: 'sum by (job) (rate(bench_http_requests_total[5m]))', rangeSec: 3600, stepSec: 15 },
    { name: `histogram_quantile, ${spec.hours}h`, query: 'histogram_quantile(0.99, sum by (le) (rate(bench_request_duration_seconds_bucket[5m])))', rangeSec: spec.hours * 3600, stepSec: 60 },
    { name: 'topk over 10k series, 1h', query: 'topk(10, bench_gauge)', rangeSec: 3600, stepSec: 60 },
  ];
  const runs = env('BENCH_RUNS', full ? 30 : 5);
  const results: Record<string, unknown>[] = [];
  for (const [name, start] of [
    ['Pointer', (d: string) => startPointer(root, d)],
    ['Prometheus 2.42', (d: string) => startPrometheus(promBin!, d)],
    ['VictoriaMetrics', (d: string) => startVictoriaMetrics(vmBin, d)],
  ] as const) {
    if (!wanted(name)) continue;
    const dir = mkdtempSync(join(tmpdir(), 'ptr-bench-metrics-'));
    const sys = await start(dir);
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const cpu0 = cpuSeconds(sys.pid);
      const { seconds, retries } = await ingest(sys, load.bodies);
      const s0 = performance.now();
      await sys.settle();
      const settleSeconds = (performance.now() - s0) / 1000;
      const cpu = cpuSeconds(sys.pid) - cpu0;
      const memAfterIngest = memory(sys.pid);
      // parts replaced by merges are deleted after a while (ClickHouse's old_parts_lifetime, 60 s for
      // Pointer's samples, then its next cleanup pass); measure the steady state, as for the others
      const disk = await steadyDiskBytes(sys.dataDir);
      const q: Record<string, unknown> = {};
      // a refused query (a system's limits) is reported, not fatal: the other figures still count
      for (const qs of queries) q[qs.name] = await timeQuery(sys, qs, load.endMs, runs).catch((e: Error) => ({ error: e.message }));
      const row = {
        system: name,
        samples: load.samples,
        ingestSeconds: seconds,
        settleSeconds,
        samplesPerSecond: Math.round(load.samples / seconds),
        cpuSecondsPerMillion: (cpu / load.samples) * 1e6,
        retries,
        bytesPerSample: disk / load.samples,
        rssMiB: Math.round(memAfterIngest.rssMiB),
        peakRssMiB: Math.round(memAfterIngest.peakMiB),
        queries: q,
      };
      results.push(row);
      console.log(JSON.stringify(row));
    } finally {
      await sys.stop();
      if (keep) console.log(`${name} data kept in ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `metrics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ spec, cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, results }, null, 2));
  console.log(`\n| system | samples/s | CPU-s / 1M samples | bytes/sample | RSS MiB (peak) | ${queries.map((q) => `${q.name} p50 / p99 ms`).join(' | ')} |`);
  console.log(`|---|---|---|---|---|${queries.map(() => '---').join('|')}|`);
  for (const r of results as any[]) {
    console.log(
      `| ${r.system} | ${r.samplesPerSecond} | ${r.cpuSecondsPerMillion.toFixed(2)} | ${r.bytesPerSample.toFixed(2)} | ${r.rssMiB} (${r.peakRssMiB}) | ${queries.map((q) => (r.queries[q.name].error ? `error: ${r.queries[q.name].error}` : `${r.queries[q.name].p50.toFixed(1)} / ${r.queries[q.name].p99.toFixed(1)} (${r.queries[q.name].series} series)`)).join(' | ')} |`,
    );
  }
  console.log(`\nresults: ${file}`);
}

await main();
