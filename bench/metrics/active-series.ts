/**
 * Active-series scale: N gauge series, each written once per step for a few steps, as Prometheus'
 * remote write sends them (requests of BENCH_BATCH series, BENCH_SENDERS concurrent senders),
 * into Pointer, Prometheus 2.42 and VictoriaMetrics one after the other. Per system and step:
 * wall time, server CPU, RSS and retryable refusals; at the end an instant query that counts
 * the series (every system must find all N).
 *
 *   BENCH_SERIES=1000000 BENCH_STEPS=4 npx tsx bench/metrics/active-series.ts
 *
 * The request bodies are built before any system starts (the client's CPU is not measured; it
 * runs in this process, the servers in their own). BENCH_SYSTEMS as in run.ts; POINTER_NODE_ARGS
 * passes node flags to the Pointer process (e.g. --max-semi-space-size=64).
 * The count query goes per job (10 queries of N/10 series): Pointer refuses a select of more than
 * 500,000 series by default (storage.metrics.queryMaxSeries).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeWriteRequest, MetricBatchBuilder, snappyEncode } from '@pointer/server';
import { cpuSeconds, memory, sendRemoteWrite, startPointer, startPrometheus, startVictoriaMetrics, type Running } from './systems.js';

const root = resolve(import.meta.dirname, '../..');
const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
const SERIES = env('BENCH_SERIES', 1_000_000);
const STEPS = env('BENCH_STEPS', 4);
const BATCH = env('BENCH_BATCH', 2000);
const SENDERS = env('BENCH_SENDERS', 8);
const INTERVAL_MS = env('BENCH_INTERVAL', 60) * 1000;
const promBin = process.env['POINTER_TEST_PROMETHEUS_BIN'];
const vmBin = process.env['POINTER_BENCH_VM_BIN'] ?? join(root, '.cache/bin/victoria-metrics');
/** PROBE_CPU_PROF=<dir>: Pointer writes a V8 CPU profile there when it stops. */
const prof = process.env['PROBE_CPU_PROF'];
const only = process.env['BENCH_SYSTEMS']?.split(',').map((s) => s.trim().toLowerCase());
const wanted = (name: string): boolean => !only || only.some((o) => name.toLowerCase().startsWith(o));

/** Labels as a node exporter fleet gives them: 1,000 instances, 10 jobs, a per-series id. */
function labelsOf(i: number): [string, string][] {
  return [['__name__', 'bench_active_gauge'], ['instance', `host-${i % 1000}:9100`], ['job', `job-${i % 10}`], ['series', String(i)]];
}

function buildSteps(startMs: number): Uint8Array[][] {
  const steps: Uint8Array[][] = [];
  const labels = Array.from({ length: SERIES }, (_, i) => labelsOf(i));
  for (let k = 0; k < STEPS; k++) {
    const bodies: Uint8Array[] = [];
    for (let from = 0; from < SERIES; from += BATCH) {
      const b = new MetricBatchBuilder('bench');
      for (let i = from; i < Math.min(SERIES, from + BATCH); i++) b.add(b.seriesFor(labels[i]!), startMs + k * INTERVAL_MS, (i % 97) + k);
      bodies.push(snappyEncode(encodeWriteRequest(b.build())));
    }
    steps.push(bodies);
  }
  return steps;
}

async function sendStep(sys: Running, bodies: Uint8Array[]): Promise<number> {
  let retries = 0;
  let next = 0;
  const sender = async (): Promise<void> => {
    for (let j = next++; j < bodies.length; j = next++) retries += await sendRemoteWrite(sys, bodies[j]!, 600, 500);
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return retries;
}

async function countSeries(sys: Running, atMs: number): Promise<number> {
  let n = 0;
  for (let j = 0; j < 10; j++) n += await countQuery(sys, `count(bench_active_gauge{job="job-${j}"})`, atMs);
  return n;
}

async function countQuery(sys: Running, query: string, atMs: number): Promise<number> {
  const form = new URLSearchParams({ query, time: String(atMs / 1000), ...sys.queryExtra });
  const res = await fetch(`${sys.queryBase}/api/v1/query`, { method: 'POST', headers: { ...sys.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const body = (await res.json()) as { status: string; data?: { result: { value: [number, string] }[] }; error?: string };
  if (body.status !== 'success') throw new Error(`${sys.name} count: ${body.error}`);
  return Number(body.data!.result[0]?.value[1] ?? 0);
}

async function main(): Promise<void> {
  const startMs = Math.floor((Date.now() - STEPS * INTERVAL_MS) / INTERVAL_MS) * INTERVAL_MS;
  const t0 = performance.now();
  const steps = buildSteps(startMs);
  const mb = steps.flat().reduce((n, b) => n + b.length, 0) / 1e6;
  console.log(`${SERIES.toLocaleString('en')} series x ${STEPS} steps (${INTERVAL_MS / 1000} s apart), requests of ${BATCH} series, ${SENDERS} senders; ${steps[0]!.length} requests per step, ${mb.toFixed(1)} MB snappy; built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const systems: [string, (dir: string) => Promise<Running>][] = [
    ['Pointer', (d) => startPointer(root, d, [...(process.env['POINTER_NODE_ARGS']?.split(' ') ?? []), ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])])],
    ['Prometheus', (d) => startPrometheus(promBin!, d)],
    ['VictoriaMetrics', (d) => startVictoriaMetrics(vmBin, d)],
  ];
  for (const [name, start] of systems) {
    if (!wanted(name)) continue;
    if (name === 'Prometheus' && !promBin) throw new Error('POINTER_TEST_PROMETHEUS_BIN is not set: eval "$(bash scripts/services.sh env)"');
    const dir = mkdtempSync(join(tmpdir(), `ptr-active-${name.toLowerCase()}-`));
    const sys = await start(dir);
    try {
      for (let k = 0; k < STEPS; k++) {
        const c0 = cpuSeconds(sys.pid);
        const w0 = performance.now();
        const retries = await sendStep(sys, steps[k]!);
        await sys.settle();
        const wall = (performance.now() - w0) / 1000;
        const cpu = cpuSeconds(sys.pid) - c0;
        const m = memory(sys.pid);
        console.log(`${name} step ${k + 1}: ${wall.toFixed(1)} s, ${(SERIES / wall).toFixed(0)} samples/s, ${((cpu / SERIES) * 1e6).toFixed(2)} CPU-s per million samples, RSS ${m.rssMiB.toFixed(0)} MiB (peak ${m.peakMiB.toFixed(0)}), ${retries} retryable refusals`);
      }
      const q0 = performance.now();
      const n = await countSeries(sys, startMs + (STEPS - 1) * INTERVAL_MS);
      const m = memory(sys.pid);
      console.log(`${name}: count() found ${n.toLocaleString('en')} series in ${(performance.now() - q0).toFixed(0)} ms; RSS after ${m.rssMiB.toFixed(0)} MiB (peak ${m.peakMiB.toFixed(0)})`);
    } finally {
      await sys.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
