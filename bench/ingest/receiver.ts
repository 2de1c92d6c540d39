/**
 * OTLP/HTTP receiver throughput: pre-built protobuf bodies from a separate load-generator
 * process, through decode, validation and admission, to a bus with a no-op subscriber (the
 * durable path through the store is measured by the store benchmarks). Reports spans/s, the
 * server's CPU-seconds per million spans, RSS and ack latency.
 * With `durable`, the whole path instead: ingest and processor roles, the bus to the trace or log
 * store (write-ahead log, inserts into the in-process engine); the CPU window ends once every
 * acknowledged item is committed to the engine.
 *   npx tsx bench/ingest/receiver.ts [seconds=10] [concurrency=8] [itemsPerRequest=100] [gzip|plain] [traces|logs] [durable]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUS, LOG_STORE, silentLogger, startPointer, TRACE_STORE, validateConfig, type LogStore, type ModuleDefinition, type TraceStore } from '@pointer/server';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 8);
const spansPerRequest = Number(process.argv[4] ?? 100);
const gzip = process.argv[5] === 'gzip';
const signal = process.argv[6] === 'logs' ? 'logs' : 'traces';
const item = signal === 'logs' ? 'log records' : 'spans';
const durable = process.argv[7] === 'durable';

/** CPU time of the main thread alone (Linux: /proc/self/task/<pid>/stat, utime + stime in ticks). */
function mainThreadCpuS(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
let stores: { traces: TraceStore; logs: LogStore } | undefined;
const probe: ModuleDefinition = {
  name: 'bench-probe',
  kind: 'role',
  description: 'hands the stores to the benchmark (to wait for commits)',
  dependsOn: ['trace-store', 'log-store'],
  async start(ctx) {
    stores = { traces: ctx.services.get(TRACE_STORE), logs: ctx.services.get(LOG_STORE) };
    return { readiness: () => ({ ready: true }), stop: async () => undefined };
  },
};

const sink: ModuleDefinition = {
  name: 'bench-sink',
  kind: 'role',
  description: 'no-op bus subscriber',
  dependsOn: ['bus'],
  async start(ctx) {
    const bus = ctx.services.get(BUS);
    bus.subscribe('spans', 'bench', async () => undefined);
    bus.subscribe('logs', 'bench', async () => undefined);
    return { readiness: () => ({ ready: true }), stop: async () => undefined };
  },
};

const dataDir = mkdtempSync(join(tmpdir(), 'ptr-bench-ingest-'));
const config = validateConfig({
  dataDir,
  gateway: { addr: '127.0.0.1:0' },
  otlp: { httpAddr: '127.0.0.1:0', grpcAddr: '127.0.0.1:0' },
  ai: { addr: '127.0.0.1:0' },
  auth: { adminToken: 'bench-admin-token-0123456789abcdef' },
});
const server = durable
  ? await startPointer({ config, roles: ['ingest', 'processor', 'bench-probe'], modules: [probe], processMetrics: false, log: silentLogger })
  : await startPointer({ config, roles: ['ingest', 'bench-sink'], modules: [sink], processMetrics: false, log: silentLogger });
const url = `http://${server.listeners.get('otlp-http')}`;
const child = fork(new URL('./loadgen.ts', import.meta.url).pathname, [url, String(seconds), String(concurrency), String(spansPerRequest), gzip ? 'gzip' : 'plain', signal], { execArgv: ['--import', 'tsx'] });
await new Promise<void>((r) => child.once('message', () => r()));
const rss0 = process.memoryUsage().rss;
const main0 = mainThreadCpuS();
const cpu0 = process.cpuUsage();
let peakRss = rss0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
child.send('go');
const result = await new Promise<{ acked: number; refused: number; wall: number; p50: number; p99: number; bytesPerRequest: number }>((r) => child.once('message', (m) => r(m as never)));
const tAck = performance.now();
if (stores) await (signal === 'logs' ? stores.logs : stores.traces).forceFlush();
const commitLag = performance.now() - tAck;
const cpu = process.cpuUsage(cpu0);
const mainCpuS = mainThreadCpuS() - main0;
clearInterval(sampler);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(`node ${process.version}, ${cpus().length} cores; OTLP/HTTP protobuf ${signal}${gzip ? ' + gzip' : ''}, ${spansPerRequest} ${item}/request (${result.bytesPerRequest} B), concurrency ${concurrency}, ${seconds}s`);
console.log(`${item}/s acknowledged: ${Math.round(result.acked / result.wall).toLocaleString('en-US')}`);
console.log(`server CPU-s per million ${item}: ${((cpuS / result.acked) * 1e6).toFixed(2)} (JavaScript main thread ${((mainCpuS / result.acked) * 1e6).toFixed(2)}, other threads: engine, libuv, GC ${(((cpuS - mainCpuS) / result.acked) * 1e6).toFixed(2)})`);
console.log(`ack latency p50 / p99:          ${result.p50.toFixed(2)} ms / ${result.p99.toFixed(2)} ms`);
console.log(`server RSS peak:                ${Math.round(peakRss / 1e6)} MB`);
console.log(`refused (overload) requests:    ${result.refused}`);
if (durable) console.log(`durable: ingest + processor + store; last commit ${commitLag.toFixed(0)} ms after the last ack (inside the CPU window)`);
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
