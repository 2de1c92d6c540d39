/**
 * OTLP/HTTP receiver throughput: pre-built protobuf bodies from a separate load-generator
 * process, through decode, validation and admission, to a bus with a no-op subscriber (the
 * durable path through the store is measured by the store benchmarks). Reports spans/s, the
 * server's CPU-seconds per million spans, RSS and ack latency.
 *   npx tsx bench/ingest/receiver.ts [seconds=10] [concurrency=8] [itemsPerRequest=100] [gzip|plain] [traces|logs]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUS, silentLogger, startPointer, validateConfig, type ModuleDefinition } from '@pointer/server';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 8);
const spansPerRequest = Number(process.argv[4] ?? 100);
const gzip = process.argv[5] === 'gzip';
const signal = process.argv[6] === 'logs' ? 'logs' : 'traces';
const item = signal === 'logs' ? 'log records' : 'spans';

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
const server = await startPointer({ config, roles: ['ingest', 'bench-sink'], modules: [sink], processMetrics: false, log: silentLogger });
const url = `http://${server.listeners.get('otlp-http')}`;
const child = fork(new URL('./loadgen.ts', import.meta.url).pathname, [url, String(seconds), String(concurrency), String(spansPerRequest), gzip ? 'gzip' : 'plain', signal], { execArgv: ['--import', 'tsx'] });
await new Promise<void>((r) => child.once('message', () => r()));
const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
let peakRss = rss0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
child.send('go');
const result = await new Promise<{ acked: number; refused: number; wall: number; p50: number; p99: number; bytesPerRequest: number }>((r) => child.once('message', (m) => r(m as never)));
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(`node ${process.version}, ${cpus().length} cores; OTLP/HTTP protobuf ${signal}${gzip ? ' + gzip' : ''}, ${spansPerRequest} ${item}/request (${result.bytesPerRequest} B), concurrency ${concurrency}, ${seconds}s`);
console.log(`${item}/s acknowledged: ${Math.round(result.acked / result.wall).toLocaleString('en-US')}`);
console.log(`server CPU-s per million ${item}: ${((cpuS / result.acked) * 1e6).toFixed(2)}`);
console.log(`ack latency p50 / p99:          ${result.p50.toFixed(2)} ms / ${result.p99.toFixed(2)} ms`);
console.log(`server RSS peak:                ${Math.round(peakRss / 1e6)} MB`);
console.log(`refused (overload) requests:    ${result.refused}`);
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
