/**
 * Decode-only ceiling: Pointer's columnar decoder versus protobufjs decoding the same
 * ExportTraceServiceRequest bodies into objects. Single thread, pre-built bodies.
 *   npx tsx bench/ingest/decode.ts [seconds=3]
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { DEFAULT_INGEST_LIMITS, decodeTracesProtobuf } from '@pointer/server';
import { traceBodies } from './payloads.js';

const SECONDS = Number(process.argv[2] ?? 3);
const SPANS_PER_REQUEST = 100;
const bodies = traceBodies(64, SPANS_PER_REQUEST);
const bytes = bodies.reduce((n, b) => n + b.length, 0);
const root = protobuf.parse(readFileSync(new URL('./otlp-trace.proto', import.meta.url), 'utf8')).root;
const Request = root.lookupType('otlp.ExportTraceServiceRequest');
const ctx = { tenant: 'default', limits: DEFAULT_INGEST_LIMITS };

function measure(name: string, fn: (b: Uint8Array) => unknown): number {
  for (let i = 0; i < 200; i++) fn(bodies[i % bodies.length]!); // warm up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let spans = 0;
  let i = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    fn(bodies[i++ % bodies.length]!);
    spans += SPANS_PER_REQUEST;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rate = spans / wall;
  console.log(`${name.padEnd(34)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} spans/s  ${((cpuS / spans) * 1e6).toFixed(2)} CPU-s per million spans  ${((rate * bytes) / bodies.length / SPANS_PER_REQUEST / 1e6).toFixed(0)} MB/s`);
  return rate;
}

console.log(`node ${process.version}; ${bodies.length} bodies x ${SPANS_PER_REQUEST} spans, ${(bytes / bodies.length / SPANS_PER_REQUEST).toFixed(0)} B/span protobuf, ${SECONDS}s each`);
const ours = measure('pointer columnar decoder', (b) => decodeTracesProtobuf(b, ctx));
const theirs = measure('protobufjs decode (objects)', (b) => Request.decode(b));
console.log(`ratio pointer / protobufjs: ${(ours / theirs).toFixed(2)}x`);
