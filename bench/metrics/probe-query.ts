/**
 * Where the embedded TSDB's query time goes: starts the benchmark's Pointer server, sends the
 * benchmark load, then runs the benchmark's three range queries `PROBE_RUNS` times each and
 * prints p50 / p99 with the time the server reports for each part. PROBE_WAIT_MS idles before the queries. With PROBE_CPU_PROF=<dir> the
 * server writes a V8 CPU profile there; with PROBE_KEEP=1 the data dir is kept; PROBE_ONLY=<name
 * prefix> runs only the matching queries; PROBE_VERBOSE=1 prints every time, in order (=2: each
 * as it ends, on stderr, beside the server's GC pauses when BENCH_GC_LOG=<min ms> is set).
 * POINTER_NODE_ARGS passes node flags to the server (e.g. --trace-gc; its output goes to stderr).
 * BENCH_ALLOC_PROF=<file>: the server writes a sampling profile of the queries' allocations there
 * (BENCH_ALLOC_MAJOR=1: only what outlived young-generation collections).
 *
 *   BENCH_HOURS=6 BENCH_INTERVAL=300 npx tsx bench/metrics/probe-query.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildLoad } from './load.js';
import { freePort } from './systems.js';

const root = resolve(import.meta.dirname, '../..');
const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const spec = { counters: 1000, histograms: 1000, gauges: env('BENCH_GAUGES', 10_000), hours: env('BENCH_HOURS', 6), intervalSec: env('BENCH_INTERVAL', 300), shards: 4, endMs: Date.now() };
const runs = env('PROBE_RUNS', 20);
const load = buildLoad(spec);
const dir = mkdtempSync(join(tmpdir(), 'ptr-probe-q-'));
const port = await freePort();
const token = 'bench-admin-token-0123456789abcdef';
const prof = process.env['PROBE_CPU_PROF'];
const nodeArgs = process.env['POINTER_NODE_ARGS']?.split(' ') ?? [];
const p = spawn(process.execPath, [...nodeArgs, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), join(root, 'bench/metrics/pointer-server.mjs'), dir, `127.0.0.1:${port}`, token], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
// the server's own output (its ready line; V8's --trace-gc lines with POINTER_NODE_ARGS), drained
p.stdout!.pipe(process.stderr);
const base = `http://127.0.0.1:${port}`;
const auth = { authorization: `Bearer ${token}` };
for (;;) {
  try {
    if ((await fetch(`${base}/healthz`)).status < 500) break;
  } catch {
    /* not up */
  }
  await new Promise((r) => setTimeout(r, 300));
}
await Promise.all(
  load.bodies.map(async (shard) => {
    for (const body of shard) {
      const res = await fetch(`${base}/prometheus/api/v1/write`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' }, body: body as Uint8Array<ArrayBuffer> });
      await res.text();
      if (res.status !== 204) throw new Error(`write ${res.status}`);
    }
  }),
);
await fetch(`${base}/prometheus/api/v1/labels`, { headers: auth });
// PROBE_WAIT_MS: idle this long before querying (bench/metrics/run.ts waits 75 s for merges and `du`)
await new Promise((r) => setTimeout(r, env('PROBE_WAIT_MS', 0)));
const end = Math.floor(spec.endMs / 1000);
const queries = [
  { name: 'rate by job', query: 'sum by (job) (rate(bench_http_requests_total[5m]))', rangeSec: 3600, stepSec: 15 },
  { name: 'histogram_quantile', query: 'histogram_quantile(0.99, sum by (le) (rate(bench_request_duration_seconds_bucket[5m])))', rangeSec: spec.hours * 3600, stepSec: 60 },
  { name: 'topk', query: 'topk(10, bench_gauge)', rangeSec: 3600, stepSec: 60 },
];
// the server's allocation profile (BENCH_ALLOC_PROF) covers the queries only
if (process.env['BENCH_ALLOC_PROF']) p.kill('SIGUSR2');
for (const q of queries.filter((x) => !process.env['PROBE_ONLY'] || x.name.startsWith(process.env['PROBE_ONLY']))) {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const u = new URL(`${base}/prometheus/api/v1/query_range`);
    u.searchParams.set('query', q.query);
    u.searchParams.set('start', String(end - q.rangeSec));
    u.searchParams.set('end', String(end));
    u.searchParams.set('step', String(q.stepSec));
    const t = performance.now();
    const res = await fetch(u, { headers: auth });
    await res.text();
    xs.push(performance.now() - t);
    // PROBE_VERBOSE=2: each run as it ends, on stderr (beside the server's BENCH_GC_LOG lines)
    if (process.env['PROBE_VERBOSE'] === '2') process.stderr.write(`query ${q.name} ${xs[xs.length - 1]!.toFixed(0)} ms at ${new Date().toISOString()}\n`);
  }
  if (process.env['PROBE_VERBOSE']) console.log(`${q.name}: ${xs.map((x) => x.toFixed(0)).join(' ')} ms, in order`);
  xs.sort((a, b) => a - b);
  console.log(`${q.name.padEnd(20)} p50 ${xs[Math.floor(runs / 2)]!.toFixed(0)} ms, p99 ${xs[runs - 1]!.toFixed(0)} ms`);
}
p.kill('SIGTERM');
await new Promise((r) => p.once('exit', r));
if (process.env['PROBE_KEEP']) console.log(`data dir kept: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
