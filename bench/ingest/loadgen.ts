/**
 * Load generator for receiver.ts, run as a separate process so that it costs the server
 * nothing: builds its OTLP/HTTP protobuf bodies before the clock starts (optionally gzipped),
 * then posts them over keep-alive connections with `concurrency` requests in flight and
 * reports acknowledged spans and ack latencies to its parent.
 *   (started by receiver.ts) args: url seconds concurrency itemsPerRequest gzip|plain traces|logs
 */
import { Agent, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { logBodies, traceBodies } from './payloads.js';

const [url, secondsArg, concArg, spansArg, gzipArg, signalArg] = process.argv.slice(2);
const logs = signalArg === 'logs';
const seconds = Number(secondsArg);
const concurrency = Number(concArg);
const spansPerRequest = Number(spansArg);
const gzip = gzipArg === 'gzip';
const bodies = (logs ? logBodies(256, spansPerRequest) : traceBodies(256, spansPerRequest)).map((b) => (gzip ? gzipSync(b) : Buffer.from(b)));
const target = new URL(url!);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const headers = { 'content-type': 'application/x-protobuf', ...(gzip ? { 'content-encoding': 'gzip' } : {}) };

function post(body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: logs ? '/v1/logs' : '/v1/traces', method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  process.send!({ type: 'ready' });
  await new Promise<void>((r) => process.once('message', () => r()));
  const latencies: number[] = [];
  let acked = 0;
  let refused = 0;
  let i = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const status = await post(bodies[i++ % bodies.length]!);
      latencies.push(performance.now() - t0);
      if (status === 200) acked += spansPerRequest;
      else refused++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  process.send!({ type: 'done', acked, refused, wall, p50: q(0.5), p99: q(0.99), bytesPerRequest: bodies[0]!.length });
  agent.destroy();
}

void main();
