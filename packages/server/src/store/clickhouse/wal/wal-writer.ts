/**
 * Group commit through a write-ahead log, for the trace and log tables. A write is encoded as
 * one Native block, appended to the open segment file and acknowledged at once; segments are
 * inserted into the engine whole, in the background, when they reach `maxRows` or are
 * `maxDelayMs` old, then deleted. Before its insert, a segment's blocks are merged into one
 * (native/merge-blocks.ts, using the stream positions kept in memory for each block): the
 * engine pays per block and column, and a segment of 100-span blocks inserted as is costs as
 * much as RowBinary. The engine's cost is mostly per insert and per part (parsing, sorting, merging
 * small parts again and again): measured on the span table, inserts of 100k rows cost about half
 * the CPU of inserts of 10k plus their merges (docs/benchmarks.md), and an acknowledgement no
 * longer waits for an insert.
 *
 * Reads stay exact: the stores call `readBarrier()` before a query, which seals the open segment
 * and waits until everything acknowledged before it is committed.
 *
 * Crash safety: at start, segments left by an earlier process are repaired (rows past the last
 * acknowledged batch cut off) and inserted before the store accepts anything. Each segment is
 * inserted with its file name as `insert_deduplication_token` (the tables keep a deduplication
 * window), so a segment whose insert committed just before a crash, but which was not yet
 * deleted, is not stored twice.
 *
 * Failure: an insert that fails is retried with backoff; its rows stay on disk and count against
 * `maxPendingRows`, beyond which writes are refused with PTR_ERR_OVERLOADED (retryable).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ptrError } from '../../../errors/index.js';
import type { ClickHouseConnection } from '../connection.js';
import { existsSync, rmSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { mergeNativeBlocks, type BlockRef } from '../native/merge-blocks.js';
import { encodeBatches, NativeBlock, type NativeColumn } from '../native/native-block.js';
import { removeSegment, repairSegment, SegmentFile } from './segment-file.js';

export interface WalWriterOptions<B> {
  conn: ClickHouseConnection;
  table: string;
  /** Insert columns with the types they are sent as. */
  columns: readonly NativeColumn[];
  encode(batch: B, block: NativeBlock): void;
  /** Directory of this table's segments. */
  dir: string;
  /** Rows that seal a segment and start its insert. */
  maxRows?: number;
  /** Age that seals a segment. */
  maxDelayMs?: number;
  /** Rows acknowledged but not yet committed beyond which writes are refused. */
  maxPendingRows?: number;
  /** fsync every batch (survives power loss, not only kill -9). */
  fsync?: boolean;
  onCommit?(rows: number, bytes: number, ms: number): void;
  onRetry?(err: unknown, attempt: number): void;
}

interface Sealed {
  path: string;
  name: string;
  rows: number;
  bytes: number;
  seq: number;
  /** Where each block's streams lie (unknown for segments left by an earlier process). */
  blocks: Omit<BlockRef, 'src'>[];
}

interface Queued<B> {
  batch: B;
  resolve(): void;
  reject(err: unknown): void;
}

/** Segments: `.native` blocks; `.rowbinary` rows were written by versions before 0.2. */
const SEGMENT = /^seg-\d{16}-\d{8}\.(native|rowbinary)$/;
/** Segments whose blocks average fewer rows are merged before their insert. */
const MERGE_BELOW_ROWS_PER_BLOCK = 200;
const mergedPath = (segment: string): string => `${segment}.merged`;
const formatOf = (name: string): 'Native' | 'RowBinary' => (name.endsWith('.native') ? 'Native' : 'RowBinary');

export class WalGroupCommitWriter<B extends { count: number }> {
  private current: SegmentFile | undefined;
  private currentSeq = 0;
  private readonly sealed: Sealed[] = [];
  private pendingRows = 0;
  private seq = 0;
  private committedSeq = 0;
  private sealedSeq = 0;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private broken: Error | undefined;
  private readonly syncWaiters: { seq: number; resolve: () => void }[] = [];
  private readonly block: NativeBlock;
  private readonly names: readonly string[];
  private currentBlocks: Omit<BlockRef, 'src'>[] = [];
  private queued: Queued<B>[] = [];
  private appendScheduled: NodeJS.Immediate | undefined;
  private readonly maxRows: number;
  private readonly maxDelayMs: number;
  private readonly maxPendingRows: number;

  private constructor(private readonly o: WalWriterOptions<B>) {
    this.maxRows = o.maxRows ?? 250_000;
    this.maxDelayMs = o.maxDelayMs ?? 5000;
    this.maxPendingRows = o.maxPendingRows ?? 2_000_000;
    this.block = new NativeBlock(o.columns);
    this.names = o.columns.map((c) => c.name);
  }

  /** Opens the log: inserts what an earlier process left, then accepts writes. */
  static async open<B extends { count: number }>(o: WalWriterOptions<B>): Promise<WalGroupCommitWriter<B>> {
    mkdirSync(o.dir, { recursive: true });
    const w = new WalGroupCommitWriter<B>(o);
    // a merged copy cut short by a crash (it is renamed into place only when complete)
    for (const name of readdirSync(o.dir).filter((n) => n.endsWith('.merged.tmp'))) rmSync(join(o.dir, name), { force: true });
    for (const name of readdirSync(o.dir).filter((n) => SEGMENT.test(n)).sort()) {
      const path = join(o.dir, name);
      const merged = mergedPath(path);
      // A segment is always inserted as the same file, so that the deduplication token meets the
      // same blocks: its merged copy once that exists (an insert may have committed from it),
      // else the segment's own blocks (slower to insert than one merged block; rare).
      const file = existsSync(merged) ? merged : repairSegment(path) > 0 ? path : undefined;
      if (file !== undefined) {
        try {
          await o.conn.insertFile(o.table, formatOf(name), file, w.names, dedupSettings(o.table, name));
        } catch (err) {
          throw ptrError('PTR_ERR_STORAGE', `replaying the write-ahead log segment ${path} into ${o.table} failed: ${(err as Error).message}`, { cause: err });
        }
      }
      removeSegment(path);
      rmSync(merged, { force: true });
    }
    return w;
  }

  write(batch: B): Promise<void> {
    if (this.stopped) return Promise.reject(ptrError('PTR_ERR_NOT_READY', `the ${this.o.table} writer is stopped`));
    if (this.broken) return Promise.reject(ptrError('PTR_ERR_STORAGE', `the ${this.o.table} write-ahead log cannot be written: ${this.broken.message}`));
    if (batch.count === 0) return Promise.resolve();
    if (this.pendingRows > 0 && this.pendingRows + batch.count > this.maxPendingRows) {
      return Promise.reject(ptrError('PTR_ERR_OVERLOADED', `the ${this.o.table} writer has ${this.pendingRows} rows waiting to be committed`, { retryAfterSeconds: 1 }));
    }
    // Writes that arrive in the same turn of the event loop (concurrent requests) share one
    // block and one append: fewer, larger blocks cost less to encode, log and insert.
    this.pendingRows += batch.count;
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ batch, resolve, reject });
      this.appendScheduled ??= setImmediate(() => this.appendQueued());
    });
  }

  /** Encodes the queued writes into one block, appends it, and answers each write. */
  private appendQueued(): void {
    this.appendScheduled = undefined;
    const queued = this.queued;
    if (queued.length === 0) return;
    this.queued = [];
    const block = this.block;
    const { encoded: ok, failed } = encodeBatches(block, queued, (q, blk) => this.o.encode(q.batch, blk));
    for (const { batch: q, error } of failed) {
      this.pendingRows -= q.batch.count;
      q.reject(ptrError('PTR_ERR_INTERNAL', `encoding a batch for ${this.o.table} failed: ${(error as Error).message}`, { cause: error }));
    }
    if (ok.length === 0) return;
    const built = block.finish();
    try {
      const seg = this.current ?? this.openSegment();
      const at = seg.bytes;
      seg.append(built.parts, built.rows);
      this.currentBlocks.push({ at, rows: built.rows, layout: built.layout });
    } catch (err) {
      // the segment could not be cut back to whole rows: stop taking writes rather than corrupt it
      if ((err as NodeJS.ErrnoException).syscall === 'ftruncate') this.broken = err as Error;
      const e = ptrError('PTR_ERR_STORAGE', `appending to the ${this.o.table} write-ahead log failed: ${(err as Error).message}`, { cause: err });
      for (const q of ok) {
        this.pendingRows -= q.batch.count;
        q.reject(e);
      }
      return;
    }
    for (const q of ok) q.resolve();
    if (this.current!.rows >= this.maxRows) this.seal();
    else this.armTimer();
  }

  /**
   * Waits until every write acknowledged before the call is committed, at most `maxWaitMs`;
   * true when it is.
   */
  async sync(maxWaitMs = Infinity): Promise<boolean> {
    if (this.current && this.current.rows > 0) this.seal();
    const target = this.sealedSeq;
    if (this.committedSeq >= target) return true;
    const done = new Promise<void>((resolve) => this.syncWaiters.push({ seq: target, resolve }));
    if (maxWaitMs === Infinity) {
      await done;
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
    clearTimeout(timer);
    return this.committedSeq >= target;
  }

  /**
   * Before a read: everything acknowledged so far is committed, or PTR_ERR_STORAGE (retryable)
   * once `maxWaitMs` passed, rather than an answer that silently misses acknowledged data.
   */
  async readBarrier(maxWaitMs: number): Promise<void> {
    if (await this.sync(maxWaitMs)) return;
    throw ptrError('PTR_ERR_STORAGE', `${this.pendingRows} acknowledged rows of ${this.o.table} are not yet committed (inserts are failing or slow; they are kept and retried)`, { retryAfterSeconds: 1 });
  }

  /** Commits everything acknowledged so far. */
  async forceFlush(): Promise<void> {
    await this.sync();
  }

  /**
   * Refuses new writes and commits what is pending, waiting at most `maxWaitMs`: what is not
   * committed by then stays in the log and is inserted at the next start.
   */
  async stop(maxWaitMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.appendScheduled) clearImmediate(this.appendScheduled);
    this.appendQueued();
    await this.sync(maxWaitMs);
    if (this.timer) clearTimeout(this.timer);
    this.current?.close();
    this.current = undefined;
  }

  private openSegment(): SegmentFile {
    this.currentSeq = ++this.seq;
    const name = `seg-${String(Date.now()).padStart(16, '0')}-${String(this.currentSeq % 1e8).padStart(8, '0')}.native`;
    this.currentBlocks = [];
    this.current = new SegmentFile(this.o.dir, name, this.o.fsync ?? false);
    return this.current;
  }

  private armTimer(): void {
    if (this.timer) return;
    const age = performance.now() - this.current!.createdAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.current && this.current.rows > 0) this.seal();
    }, Math.max(0, this.maxDelayMs - age));
  }

  private seal(): void {
    const seg = this.current!;
    this.current = undefined;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    seg.close();
    this.sealed.push({ path: seg.path, name: seg.name, rows: seg.rows, bytes: seg.bytes, seq: this.currentSeq, blocks: this.currentBlocks });
    this.currentBlocks = [];
    this.sealedSeq = this.currentSeq;
    this.loop ??= this.insertLoop().finally(() => (this.loop = undefined));
  }

  /**
   * Inserts a sealed segment under its deduplication token (a crash between this insert and
   * the segment's removal then does not store it twice at replay). A segment of small blocks
   * (one per small request) is first merged into one block, in a file beside it that is
   * removed with the segment and that replay prefers, so that both inserts see the same blocks.
   */
  private async insertSegment(s: Sealed): Promise<void> {
    const dedup = dedupSettings(this.o.table, s.name);
    // blocks of a few hundred rows cost the engine little more than one block: no copy then
    if (s.blocks.length <= 1 || s.rows / s.blocks.length >= MERGE_BELOW_ROWS_PER_BLOCK) {
      await this.o.conn.insertFile(this.o.table, 'Native', s.path, this.names, dedup);
      return;
    }
    const merged = mergedPath(s.path);
    if (!existsSync(merged)) {
      // off the event loop where it can be (file I/O), in turns where it cannot (the merge)
      const src = await readFile(s.path);
      await writeFile(`${merged}.tmp`, await mergeNativeBlocks(this.o.columns, s.blocks.map((b) => ({ ...b, src }))));
      await rename(`${merged}.tmp`, merged);
    }
    await this.o.conn.insertFile(this.o.table, 'Native', merged, this.names, dedup);
  }

  private async insertLoop(): Promise<void> {
    let attempt = 0;
    while (this.sealed.length > 0) {
      const s = this.sealed[0]!;
      const t0 = performance.now();
      try {
        await this.insertSegment(s);
      } catch (err) {
        if (this.stopped) return; // left in the log for the next start
        attempt++;
        this.o.onRetry?.(err, attempt);
        await new Promise((r) => setTimeout(r, Math.min(30_000, 250 * 2 ** Math.min(attempt, 7))));
        continue;
      }
      attempt = 0;
      this.o.onCommit?.(s.rows, s.bytes, performance.now() - t0);
      this.sealed.shift();
      removeSegment(s.path);
      rmSync(mergedPath(s.path), { force: true });
      this.pendingRows -= s.rows;
      this.committedSeq = s.seq;
      for (let i = this.syncWaiters.length - 1; i >= 0; i--) {
        if (this.syncWaiters[i]!.seq <= s.seq) this.syncWaiters.splice(i, 1)[0]!.resolve();
      }
    }
  }
}

function dedupSettings(table: string, segment: string): Record<string, string | number> {
  return { insert_deduplication_token: `${table}/${segment}`, insert_deduplicate: 1 };
}
