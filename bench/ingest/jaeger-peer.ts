/**
 * The peer beside Pointer's durable ingest path: Jaeger v2 (OpenTelemetry Collector based) with
 * its Badger storage, fed the same pre-built OTLP/HTTP protobuf bodies by the same load
 * generator (loadgen.ts) as receiver.ts. Reports spans/s, Jaeger's CPU-seconds per million spans
 * (its process, all threads, from /proc, over the load window plus the time until its queue has
 * drained to Badger), RSS, ack latency and the bytes Badger keeps per span.
 *
 * Jaeger is built, not downloaded (test infrastructure, like the Kafka and Neo4j launchers):
 *   mkdir /tmp/j && cd /tmp/j && go mod init j && go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0 \
 *     && go build -o <repo>/.cache/bin/jaeger github.com/jaegertracing/jaeger/cmd/jaeger
 * (`go install` refuses the module: its go.mod has replace directives.)
 *   npx tsx bench/ingest/jaeger-peer.ts [seconds=10] [concurrency=8] [spansPerRequest=100]
 * Note: Jaeger acknowledges a request once its pipeline accepted it (the storage exporter then
 * writes to Badger asynchronously); Pointer acknowledges once the batch is in its write-ahead log.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 8);
const spansPerRequest = Number(process.argv[4] ?? 100);
const bin = join(import.meta.dirname, '../../.cache/bin/jaeger');
if (!existsSync(bin)) throw new Error(`no Jaeger binary at ${bin}: build it as the header of this file says`);

const dir = mkdtempSync(join(tmpdir(), 'ptr-bench-jaeger-'));
const otlpPort = 14318;
const config = `
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
extensions:
  jaeger_query:
    storage:
      traces: badger_store
    http:
      endpoint: 127.0.0.1:16686
    grpc:
      endpoint: 127.0.0.1:16685
  jaeger_storage:
    backends:
      badger_store:
        badger:
          directories:
            keys: ${dir}/keys
            values: ${dir}/values
          ephemeral: false
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlpPort}
processors:
  batch: {}
exporters:
  jaeger_storage_exporter:
    trace_storage: badger_store
`;
writeFileSync(join(dir, 'config.yaml'), config);
const jaeger = spawn(bin, ['--config', join(dir, 'config.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
jaeger.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

const procCpuS = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const procRssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const duBytes = (p: string): number => {
  let n = 0;
  for (const e of readdirSync(p, { withFileTypes: true })) n += e.isDirectory() ? duBytes(join(p, e.name)) : statSync(join(p, e.name)).blocks * 512; // allocated, not apparent: Badger preallocates its value log
  return n;
};

// wait for the receiver
for (let i = 0; ; i++) {
  try {
    const r = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (r.status < 500) break;
  } catch {
    /* not yet */
  }
  if (i > 300 || jaeger.exitCode !== null) throw new Error(`Jaeger did not start: ${stderr}`);
  await new Promise((r) => setTimeout(r, 100));
}

const child = fork(new URL('./loadgen.ts', import.meta.url).pathname, [`http://127.0.0.1:${otlpPort}`, String(seconds), String(concurrency), String(spansPerRequest), 'plain', 'traces'], { execArgv: ['--import', 'tsx'] });
await new Promise<void>((r) => child.once('message', () => r()));
const cpu0 = procCpuS(jaeger.pid!);
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, procRssMb(jaeger.pid!))), 200);
child.send('go');
const result = await new Promise<{ acked: number; refused: number; wall: number; p50: number; p99: number; bytesPerRequest: number }>((r) => child.once('message', (m) => r(m as never)));
// let the batch processor and exporter drain: wait until Jaeger's CPU goes quiet
let last = procCpuS(jaeger.pid!);
for (let i = 0; i < 60; i++) {
  await new Promise((r) => setTimeout(r, 500));
  const now = procCpuS(jaeger.pid!);
  if (now - last < 0.02) break;
  last = now;
}
const cpu = procCpuS(jaeger.pid!) - cpu0;
clearInterval(sampler);
jaeger.kill('SIGTERM');
await new Promise((r) => jaeger.once('exit', r));
const stored = duBytes(dir);
console.log(`Jaeger v2 (${bin.split('/').pop()}), Badger; OTLP/HTTP protobuf traces, ${spansPerRequest} spans/request, concurrency ${concurrency}, ${seconds}s`);
console.log(`spans/s acknowledged: ${Math.round(result.acked / result.wall).toLocaleString('en-US')}`);
console.log(`Jaeger CPU-s per million spans: ${((cpu / result.acked) * 1e6).toFixed(2)}`);
console.log(`ack latency p50 / p99: ${result.p50.toFixed(2)} ms / ${result.p99.toFixed(2)} ms`);
console.log(`RSS peak: ${Math.round(peak)} MB; Badger on disk after stop: ${(stored / result.acked).toFixed(1)} bytes per span; refused ${result.refused}`);
rmSync(dir, { recursive: true, force: true });
