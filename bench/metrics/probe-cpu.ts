/**
 * Where the embedded TSDB's ingest CPU goes: starts the benchmark's Pointer server, sends the
 * benchmark load, and prints the process's CPU time per thread name (JS main thread, libuv
 * pool, the engine's own threads) for idle, ingest and settle. With PROBE_CPU_PROF=<dir> the
 * server also writes a V8 CPU profile there.
 *
 *   BENCH_HOURS=6 BENCH_INTERVAL=300 npx tsx bench/metrics/probe-cpu.ts
 *
 * BENCH_RW=2 sends the same load as remote write 2.0 (symbol table) instead of 1.0; BENCH_GAUGES
 * sets the number of gauge series (10,000).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeWriteRequestV2, snappyEncode } from '@pointer/server';
// not exported by the package: the built modules themselves (this probe runs against dist anyway)
import { decodeWriteRequest } from '../../packages/server/dist/prometheus/remote-write/decode.js';
import { snappyDecode } from '../../packages/server/dist/prometheus/remote-write/snappy.js';
import { buildLoad } from './load.js';
import { freePort } from './systems.js';

const root = resolve(import.meta.dirname, '../..');
const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const spec = { counters: 1000, histograms: 1000, gauges: env('BENCH_GAUGES', 10_000), hours: env('BENCH_HOURS', 6), intervalSec: env('BENCH_INTERVAL', 300), shards: 4, endMs: Date.now() };

function threads(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      /* thread ended */
    }
  }
  return out;
}
function diff(a: Map<string, number>, b: Map<string, number>): string {
  return [...b]
    .map(([k, v]) => [k, v - (a.get(k) ?? 0)] as const)
    .filter(([, v]) => v > 0.05)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k}=${v.toFixed(2)}`)
    .join(' ');
}

const load = buildLoad(spec);
const v2 = process.env['BENCH_RW'] === '2';
if (v2) {
  // the same series and samples, re-encoded (before the server starts: not measured)
  const limits = { maxLabelsPerSeries: 128, maxLabelValueLength: 16 * 1024 };
  load.bodies = load.bodies.map((shard) => shard.map((b) => snappyEncode(encodeWriteRequestV2(decodeWriteRequest(snappyDecode(b, 1 << 30), 'bench', limits).batch))));
}
const contentType = v2 ? 'application/x-protobuf;proto=io.prometheus.write.v2.Request' : 'application/x-protobuf';
const dir = mkdtempSync(join(tmpdir(), 'ptr-probe-'));
const port = await freePort();
const token = 'bench-admin-token-0123456789abcdef';
const prof = process.env['PROBE_CPU_PROF'];
const nodeArgs = (process.env['PROBE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
const p = spawn(process.execPath, [...nodeArgs, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), join(root, 'bench/metrics/pointer-server.mjs'), dir, `127.0.0.1:${port}`, token], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
const base = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${base}/healthz`)).status < 500) break;
  } catch {
    /* not up */
  }
  await new Promise((r) => setTimeout(r, 300));
}
const t0 = threads(p.pid!);
await new Promise((r) => setTimeout(r, 5000));
const t1 = threads(p.pid!);
console.log(`idle 5 s: ${diff(t0, t1)}`);
const w0 = performance.now();
await Promise.all(
  load.bodies.map(async (shard) => {
    for (const body of shard) {
      const res = await fetch(`${base}/prometheus/api/v1/write`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-encoding': 'snappy' }, body: body as Uint8Array<ArrayBuffer> });
      await res.text();
      if (res.status !== 204) throw new Error(`write ${res.status}`);
    }
  }),
);
const t2 = threads(p.pid!);
console.log(`ingest ${load.samples} samples (remote write ${v2 ? '2.0' : '1.0'}) in ${((performance.now() - w0) / 1000).toFixed(1)} s: ${diff(t1, t2)}`);
await fetch(`${base}/prometheus/api/v1/labels`, { headers: { authorization: `Bearer ${token}` } });
const t3 = threads(p.pid!);
console.log(`settle: ${diff(t2, t3)}`);
await new Promise((r) => setTimeout(r, 10_000));
const t4 = threads(p.pid!);
console.log(`10 s after: ${diff(t3, t4)}`);
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(`CPU-s per 1M samples (ingest + settle): ${(((total(t3) - total(t1)) / load.samples) * 1e6).toFixed(2)}`);
p.kill('SIGTERM');
await new Promise((r) => p.once('exit', r));
rmSync(dir, { recursive: true, force: true });
