/**
 * What writing to otel_traces costs as a function of the insert size: N generated spans written
 * through the trace store without its log (plain group commit, one writer: every batch is one
 * insert of `perInsert` rows), three rounds, then the CPU of the engine's background merges in
 * the 15 s after. This is why the stores write through a write-ahead log in large groups
 * (docs/storage.md). CPU is the whole process (JS encoding + engine threads), generator excluded.
 *   npx tsx bench/store/insert-size.ts [spans=100000] [perInsert=10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openChdbConnection, openClickHouseTraceStore } from '@pointer/server';
import { generateSpans } from './span-generator.js';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const N = Number(process.argv[2] ?? 100_000);
const PER = Number(process.argv[3] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'ptr-insert-size-'));
const conn = await openChdbConnection(join(dir, 'clickhouse'));
const store = await openClickHouseTraceStore(conn, { retentionSeconds: 7 * 86400, maxDelayMs: 0 });
const st = { seq: 1, rnd: 0x9e3779b9 };
const ROUNDS = 3;
for (let r = 0; r < ROUNDS; r++) {
  const batches = Array.from({ length: Math.ceil(N / PER) }, () => generateSpans(PER, st, Date.now(), 3_600_000).batch);
  const c = cpu();
  for (const b of batches) await store.write(b);
  console.log(`${N} spans in inserts of ${PER}: ${(((cpu() - c) / N) * 1e6).toFixed(1)} CPU-s per million spans (encode + insert)`);
}
const c = cpu();
await new Promise((r) => setTimeout(r, 15_000));
console.log(`the 15 s after (background merges): ${(((cpu() - c) / (N * ROUNDS)) * 1e6).toFixed(1)} CPU-s per million spans`);
await store.stop();
await conn.close();
rmSync(dir, { recursive: true, force: true });
