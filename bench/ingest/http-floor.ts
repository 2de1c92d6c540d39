/**
 * The floor under receiver.ts on this machine: a bare node:http server that only reads each
 * body and answers 200, driven by the same load generator. The receiver's cost above this is
 * Pointer's (decode, validation, admission, bus).
 *   npx tsx bench/ingest/http-floor.ts [seconds=10] [concurrency=8] [spansPerRequest=100] [decode]
 * With `decode`, the bare server also decodes each body (floor + decode, nothing else).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_INGEST_LIMITS, decodeTracesProtobuf } from '@pointer/server';

const decode = process.argv[5] === 'decode';
const ctx = { tenant: 'default', limits: DEFAULT_INGEST_LIMITS };

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 8);
const spansPerRequest = Number(process.argv[4] ?? 100);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (decode) decodeTracesProtobuf(Buffer.concat(chunks), ctx);
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
    res.end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const child = fork(new URL('./loadgen.ts', import.meta.url).pathname, [url, String(seconds), String(concurrency), String(spansPerRequest), 'plain'], { execArgv: ['--import', 'tsx'] });
await new Promise<void>((r) => child.once('message', () => r()));
const cpu0 = process.cpuUsage();
child.send('go');
const result = await new Promise<{ acked: number; wall: number; p50: number; p99: number }>((r) => child.once('message', (m) => r(m as never)));
const cpu = process.cpuUsage(cpu0);
console.log(`bare node:http${decode ? ' + decode' : ''}, ${spansPerRequest} spans/request, concurrency ${concurrency}, ${seconds}s`);
console.log(`spans/s acknowledged:          ${Math.round(result.acked / result.wall).toLocaleString('en-US')}`);
console.log(`server CPU-s per million spans: ${((((cpu.user + cpu.system) / 1e6) / result.acked) * 1e6).toFixed(2)}`);
console.log(`ack latency p50 / p99:          ${result.p50.toFixed(2)} ms / ${result.p99.toFixed(2)} ms`);
server.close();
