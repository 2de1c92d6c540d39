/**
 * Decode-only ceiling: Pointer's columnar decoders versus protobufjs decoding the same
 * ExportTraceServiceRequest / ExportLogsServiceRequest bodies into objects. Single thread,
 * pre-built bodies.
 *   npx tsx bench/ingest/decode.ts [seconds=3] [traces|logs]
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { DEFAULT_INGEST_LIMITS, decodeLogsProtobuf, decodeTracesProtobuf } from '@pointer/server';
import { logBodies, traceBodies } from './payloads.js';

const SECONDS = Number(process.argv[2] ?? 3);
const SIGNAL = process.argv[3] === 'logs' ? 'logs' : 'traces';
const ITEM = SIGNAL === 'logs' ? 'log records' : 'spans';
const SPANS_PER_REQUEST = 100;
const bodies = SIGNAL === 'logs' ? logBodies(64, SPANS_PER_REQUEST) : traceBodies(64, SPANS_PER_REQUEST);
const bytes = bodies.reduce((n, b) => n + b.length, 0);
const root = protobuf.parse(readFileSync(new URL('./otlp-trace.proto', import.meta.url), 'utf8')).root;
const Request = root.lookupType(SIGNAL === 'logs' ? 'otlp.ExportLogsServiceRequest' : 'otlp.ExportTraceServiceRequest');
const ourDecode = SIGNAL === 'logs' ? decodeLogsProtobuf : decodeTracesProtobuf;
const ctx = { tenant: 'default', limits: DEFAULT_INGEST_LIMITS };

interface Run {
  rate: number;
  cpuPerMillion: number;
}

function measure(fn: (b: Uint8Array) => unknown): Run {
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
  return { rate: spans / wall, cpuPerMillion: (cpuS / spans) * 1e6 };
}

console.log(`node ${process.version}; ${SIGNAL}: ${bodies.length} bodies x ${SPANS_PER_REQUEST} ${ITEM}, ${(bytes / bodies.length / SPANS_PER_REQUEST).toFixed(0)} B/item protobuf, ${SECONDS}s per run, ${3} alternating rounds, best of each`);
// alternate the two, several rounds, and keep each one's best: the machine is shared
const ROUNDS = 3;
const best = (runs: Run[]): Run => runs.reduce((a, b) => (b.cpuPerMillion < a.cpuPerMillion ? b : a));
const ours: Run[] = [];
const theirs: Run[] = [];
for (let k = 0; k < ROUNDS; k++) {
  ours.push(measure((b) => ourDecode(b, ctx)));
  theirs.push(measure((b) => Request.decode(b)));
}
const perSpan = bytes / bodies.length / SPANS_PER_REQUEST;
for (const [name, r] of [['pointer columnar decoder', best(ours)], ['protobufjs decode (objects)', best(theirs)]] as const) {
  const cpuRate = 1e6 / r.cpuPerMillion;
  console.log(`${name.padEnd(30)} ${r.cpuPerMillion.toFixed(2).padStart(6)} CPU-s per million ${ITEM} = ${Math.round(cpuRate).toLocaleString('en-US').padStart(9)} ${ITEM} per CPU-second (${((cpuRate * perSpan) / 1e6).toFixed(0)} MB/s); wall ${Math.round(r.rate).toLocaleString('en-US')} ${ITEM}/s`);
}
console.log(`ratio (CPU per item, protobufjs / pointer): ${(best(theirs).cpuPerMillion / best(ours).cpuPerMillion).toFixed(2)}x`);
