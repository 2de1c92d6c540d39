/**
 * Trace store benchmark: write N generated spans through the TraceStore (RowBinary, the
 * write-ahead log, large inserts into the in-process ClickHouse engine), then measure stored bytes per span and the
 * latency of trace-by-id and of typical searches over the last hour.
 *   npx tsx bench/store/traces.ts [spans=1000000] [dataDir=<temp>]
 * The spans cover the hour before the start. BENCH_ARRIVAL=ordered (default) sends them in time
 * order, as live traffic arrives (each batch within 10 s of its place in the hour);
 * BENCH_ARRIVAL=spread spreads every batch over the whole hour, the worst case for reads (every
 * part overlaps every other in time).
 * With spans=0 and the dataDir of an earlier run, only the queries are measured (the spans
 * must be younger than an hour for the searches to find them).
 * CPU-seconds are the whole process (JS + engine threads), minus the generator's own main-thread
 * time (the engine's threads keep working while it generates, so that time is not subtracted).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPtrError, openChdbConnection, openClickHouseTraceStore, parseTraceQL, type SpanBatch, type TraceSearch } from '@pointer/server';
import { generateSpans, type GenState } from './span-generator.js';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const DIR = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'ptr-bench-traces-'));
const BATCH = 10_000;
const CONCURRENCY = 4;
const HOUR_MS = 3_600_000;
const ARRIVAL = process.env.BENCH_ARRIVAL ?? 'ordered';
if (ARRIVAL !== 'ordered' && ARRIVAL !== 'spread') throw new Error(`BENCH_ARRIVAL must be ordered or spread, not ${ARRIVAL}`);
const ARRIVAL_JITTER_MS = 10_000;
const startMs = Date.now();

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const cpuS = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

const conn = await openChdbConnection(join(DIR, 'clickhouse'));
// as the server writes: through the write-ahead log (acknowledged on append, inserted in large groups)
const store = await openClickHouseTraceStore(conn, { retentionSeconds: 7 * 86400, wal: { dir: join(DIR, 'wal', 'otel_traces') } });
const st: GenState = { seq: 1, rnd: 0x9e3779b9 };
const sample: string[] = [];
let written = 0;
let genMain = 0;
const mainThreadCpu = (): number => {
  // utime + stime of the JavaScript main thread (its tid is the pid), in seconds
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
const main0 = mainThreadCpu();
const cpu0 = process.cpuUsage();
let refusals = 0;
/** As a client does with a retryable refusal (the log is full): wait, send again. */
async function writeRetrying(batch: SpanBatch): Promise<void> {
  for (;;) {
    try {
      return await store.write(batch);
    } catch (err) {
      if (!isPtrError(err) || err.code !== 'PTR_ERR_OVERLOADED') throw err;
      refusals++;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
const t0 = performance.now();
const inflight = new Set<Promise<void>>();
while (written < TOTAL) {
  const m0 = mainThreadCpu();
  const n = Math.min(BATCH, TOTAL - written);
  // ordered: the hour's spans arrive in time order, each batch within ARRIVAL_JITTER_MS of its
  // place in the hour; spread: every batch spans the whole hour (each part then covers the
  // whole hour, so no part can be skipped by time)
  const { batch, traceIds } = ARRIVAL === 'spread'
    ? generateSpans(n, st, Date.now(), HOUR_MS)
    : generateSpans(n, st, startMs - HOUR_MS + Math.round(((written + n) / TOTAL) * HOUR_MS), ARRIVAL_JITTER_MS);
  genMain += mainThreadCpu() - m0;
  if (sample.length < 2000 && Math.random() < 0.5) sample.push(traceIds[0]!);
  const p = writeRetrying(batch).then(() => void inflight.delete(p));
  inflight.add(p);
  written += batch.count;
  if (inflight.size >= CONCURRENCY) await Promise.race(inflight);
}
await Promise.all(inflight);
await store.forceFlush(); // every acknowledged span committed, inside the CPU window
const wall = (performance.now() - t0) / 1000;
const cpu = cpuS(process.cpuUsage(cpu0)) - genMain;
const mainCpu = mainThreadCpu() - main0 - genMain;
const rss = process.memoryUsage().rss;

if (sample.length === 0) sample.push(...(await conn.queryRows<{ t: string }>('SELECT TraceId AS t FROM otel_traces_trace_id_ts ORDER BY cityHash64(TraceId) LIMIT 2000')).map((r) => r.t));
const parts = await conn.queryRows<{ table: string; rows: string; bytes: string }>(
  "SELECT table, toString(sum(rows)) AS rows, toString(sum(bytes_on_disk)) AS bytes FROM system.parts WHERE active AND database = currentDatabase() AND table LIKE 'otel_traces%' GROUP BY table ORDER BY table",
);
const spanRows = Number(parts.find((p) => p.table === 'otel_traces')?.rows ?? 0);
const totalBytes = parts.reduce((n, p) => n + Number(p.bytes), 0);

const bounds = { timeoutMs: 30_000 };
async function lat(n: number, f: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await f(i);
    xs.push(performance.now() - a);
  }
  return { p50: pct(xs, 50), p99: pct(xs, 99), max: Math.max(...xs) };
}
let found = 0;
const byId = await lat(200, async (i) => {
  const t = await store.getTrace('default', sample[i % sample.length]!, bounds);
  if (t) found++;
});
const now = BigInt(Date.now()) * 1_000_000n;
const lastHour = { startNs: now - BigInt(HOUR_MS) * 1_000_000n, endNs: now };
const searches: TraceSearch[] = [
  { range: lastHour, service: 'svc-3', minDurationNs: 100_000_000n, limit: 20 },
  { range: lastHour, service: 'svc-7', status: 'error', limit: 20 },
  { range: lastHour, attributes: [{ key: 'http.status_code', op: 'eq', value: '500' }], limit: 20 },
  { range: lastHour, service: 'svc-1', spanName: 'op-4', limit: 20 },
];
const search = await lat(100, (i) => store.search('default', searches[i % searches.length]!, bounds));
// TraceQL as Grafana's Tempo data source sends it (query/tempo/traceql-parse.ts)
const traceql = [
  '{ resource.service.name = "svc-3" && span.http.status_code >= 500 }',
  '{ name =~ "op-4|op-5" && duration > 200ms && span.cloud.region != "region-2" }',
  '{ status = error } && { resource.service.name = "svc-7" }',
  '{ rootServiceName = "svc-1" && kind = client } | count() > 3',
];
const traceqlSearches = traceql.map((q): TraceSearch => ({ range: lastHour, filter: parseTraceQL(q), limit: 20 }));
const traceqlKinds = traceql.map(() => [] as number[]);
const tql = await lat(100, async (i) => {
  const a = performance.now();
  await store.search('default', traceqlSearches[i % traceql.length]!, bounds);
  traceqlKinds[i % traceql.length]!.push(performance.now() - a);
});

await store.stop();
await conn.close();

const f = (x: number, d = 1) => x.toFixed(d);
console.log(`trace store, ${TOTAL.toLocaleString('en')} spans (10 attributes, 10 spans/trace), arrival ${ARRIVAL}, batches of ${BATCH}, ${CONCURRENCY} writers, data dir ${DIR}`);
if (TOTAL > 0) console.log(`write: ${f(TOTAL / wall, 0)} spans/s, ${f(cpu / (TOTAL / 1e6), 2)} CPU-s per million spans (JS main thread ${f(mainCpu / (TOTAL / 1e6), 2)}; the generator's ${f(genMain, 1)} s on the main thread excluded), wall ${f(wall)} s, RSS ${f(rss / 2 ** 20, 0)} MiB, ${refusals} retryable refusals (log full)`);
console.log(`stored: ${spanRows.toLocaleString('en')} rows, ${f(totalBytes / Math.max(1, spanRows), 1)} bytes per span on disk (otel_traces + trace-id table; ${parts.map((p) => `${p.table} ${f(Number(p.bytes) / 2 ** 20, 1)} MiB`).join(', ')})`);
console.log(`trace by id (200 random ids, ${found} found): p50 ${f(byId.p50)} ms, p99 ${f(byId.p99)} ms, max ${f(byId.max)} ms`);
console.log(`search, last hour, limit 20 (service+minDuration, service+error, attribute equals, service+name; 100 runs): p50 ${f(search.p50)} ms, p99 ${f(search.p99)} ms, max ${f(search.max)} ms`);
console.log(`TraceQL search, last hour, limit 20 (100 runs): p50 ${f(tql.p50)} ms, p99 ${f(tql.p99)} ms, max ${f(tql.max)} ms`);
traceql.forEach((q, k) => console.log(`  ${q}: p50 ${f(pct(traceqlKinds[k]!, 50))} ms, max ${f(Math.max(...traceqlKinds[k]!))} ms`));
