/**
 * Store encoder cost: decoded OTLP span batches (bench/ingest/payloads.ts: 10 attributes per
 * span, realistic cardinalities) encoded into otel_traces' Native block, as the write-ahead log
 * does for every acknowledged request. No engine, no I/O: the JavaScript cost of turning a
 * columnar batch into insert bytes, which the SDK's batch size changes (per-batch work).
 *   npx tsx bench/store/encode.ts [spansPerBatch=100]
 * Prints CPU-seconds per million spans for 8 runs of 0.7 s after a warm-up, sorted; the lowest
 * is the least disturbed by the machine's other work and by garbage collection. Run
 * `npm run build` first (the benchmark imports the built `@pointer/server`).
 */
import { DEFAULT_INGEST_LIMITS, decodeTracesProtobuf, encodeSpanColumns, NativeBlock, TRACE_NATIVE_COLUMNS } from '@pointer/server';
import { traceBodies } from '../ingest/payloads.js';

const SPANS_PER_BATCH = Number(process.argv[2] ?? 100);
const batches = traceBodies(64, SPANS_PER_BATCH).map((b) => decodeTracesProtobuf(b, { tenant: 'default', limits: DEFAULT_INGEST_LIMITS }).batch);
const block = new NativeBlock(TRACE_NATIVE_COLUMNS);
/** Rows after which the block starts over (the log's segments hold 250k rows). */
const BLOCK_ROWS = 250_000;

function run(ms: number): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let spans = 0;
  while (performance.now() - t0 < ms) {
    for (const b of batches) {
      if (block.rows >= BLOCK_ROWS) block.reset();
      encodeSpanColumns(b, block);
      block.rows += b.count;
      spans += b.count;
    }
  }
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1e6 / spans) * 1e6;
}

run(1000);
const runs = Array.from({ length: 8 }, () => run(700)).sort((a, b) => a - b);
console.log(`node ${process.version}; ${SPANS_PER_BATCH} spans per batch; encode into otel_traces' Native block, CPU-s per million spans (8 runs, sorted): ${runs.map((x) => x.toFixed(2)).join(' ')}`);
