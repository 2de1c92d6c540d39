// LogQL query latency on the Loki API: the store's SQL path (selector, line filters,
// count_over_time) beside the log pipeline (parsers, label filters, unwrap), which reads the
// matching entries and runs here (packages/server/src/query/loki/evaluate-pipeline.ts).
// Starts `pointer up` (the built CLI) with a fresh data dir, pushes N JSON log lines spread over
// the last hour through /loki/api/v1/push, then runs each query WARMUP + RUNS times.
// Usage: node bench/query/logql.mjs [--lines 200000] [--runs 10] [--warmup 2]   (after npm run build)
// BENCH_ONLY=floor runs the queries whose name holds that text; BENCH_CPU_PROF=<dir> profiles the
// server; BENCH_KEEP=1 keeps the data dir.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPointerUp } from '../support/pointer-up.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const LINES = arg('lines', 200_000);
const RUNS = arg('runs', 10);
const WARMUP = arg('warmup', 2);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'ptr-bench-logql-'));
const cfg = join(dir, 'pointer.json');
writeFileSync(cfg, JSON.stringify({ dataDir: join(dir, 'data'), gateway: { addr: '127.0.0.1:0' }, otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' }, ai: { addr: '127.0.0.1:0' }, auth: { adminToken: ADMIN }, log: { level: 'warn' } }));
const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
const { child, url } = await startPointerUp(cfg, prof);
const headers = { authorization: `Bearer ${ADMIN}` };

// deterministic lines: 20 routes, 4 levels (2% error), latencies, 1 line in 50 not JSON
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const levels = ['info', 'info', 'info', 'debug', 'warn'];
const nowNs = BigInt(Date.now()) * 1_000_000n;
const spanNs = 3_600_000_000_000n;
const BATCH = 5_000;
const t0 = performance.now();
for (let i = 0; i < LINES; i += BATCH) {
  const values = [];
  for (let j = i; j < Math.min(LINES, i + BATCH); j++) {
    const ts = nowNs - spanNs + (spanNs * BigInt(j)) / BigInt(LINES);
    const err = rnd() < 0.02;
    const line = j % 50 === 49 ? `plain text line ${j} from the worker` : JSON.stringify({ level: err ? 'error' : levels[Math.floor(rnd() * levels.length)], route: `/api/r${Math.floor(rnd() * 20)}`, status: err ? 500 : 200, latency_ms: Math.round(rnd() * 900 + 5), user: `u${Math.floor(rnd() * 5000)}`, msg: err ? 'upstream error: connection reset' : 'request served' });
    values.push([ts.toString(), line]);
  }
  const r = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ streams: [{ stream: { job: 'bench', env: 'prod' }, values }] }) });
  if (r.status !== 204) throw new Error(`push: ${r.status} ${await r.text()}`);
}
const pushS = (performance.now() - t0) / 1000;

const start = (nowNs - spanNs).toString();
const end = nowNs.toString();
const queries = [
  ['log, line filter (store)', '{job="bench"} |= "upstream error"', { limit: '100' }],
  ['log, json + label filter', '{job="bench"} | json | status >= 500 and latency_ms > 800', { limit: '100' }],
  ['count by env (store)', 'sum by (env) (count_over_time({job="bench"}[1m]))', { step: '60' }],
  ['scan floor: every entry read, no parser', 'sum(count_over_time({job="bench"} | decolorize [1m]))', { step: '60' }],
  ['count by level, json', 'sum by (level) (count_over_time({job="bench"} | json | __error__="" [1m]))', { step: '60' }],
  ['p99 latency by route, unwrap', 'quantile_over_time(0.99, {job="bench"} | json | __error__="" | unwrap latency_ms [5m]) by (route)', { step: '60' }],
  ['line filter before the parser', 'sum(count_over_time({job="bench"} |= "error" | json | status = 500 [5m]))', { step: '60' }],
];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(`LogQL on ${LINES.toLocaleString('en')} log lines over the last hour (pushed in ${pushS.toFixed(1)} s); ${WARMUP} warm-up + ${RUNS} measured runs each`);
console.log('| query | p50 ms | p99 ms | series/streams |\n|---|---|---|---|');
// BENCH_ONLY=<text>: only the queries whose name contains it
for (const [name, query, extra] of queries.filter(([n]) => !process.env.BENCH_ONLY || n.includes(process.env.BENCH_ONLY))) {
  const times = [];
  let n = 0;
  for (let k = 0; k < WARMUP + RUNS; k++) {
    const a = performance.now();
    const r = await fetch(`${url}/loki/api/v1/query_range?${new URLSearchParams({ query, start, end, ...extra })}`, { headers });
    const body = await r.json();
    if (r.status !== 200) throw new Error(`${query}: ${r.status} ${JSON.stringify(body)}`);
    if (k >= WARMUP) times.push(performance.now() - a);
    n = body.data.result.length;
  }
  console.log(`| ${name}: \`${query.replaceAll('|', '\\|')}\` | ${pct(times, 50).toFixed(1)} | ${pct(times, 99).toFixed(1)} | ${n} |`);
}
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
if (process.env.BENCH_KEEP) console.log(`data kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
