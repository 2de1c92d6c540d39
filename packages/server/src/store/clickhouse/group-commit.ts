/**
 * Group commit for a store's inserts. Concurrent `write()` calls are gathered into one insert;
 * each call resolves only when the insert holding its rows has committed (so the bus handler,
 * and with it the client's acknowledgement, waits for durability). At most one insert runs at
 * a time; a group is flushed when it reaches `maxRows`, or `maxDelayMs` after its first batch,
 * or as soon as the running insert ends if it already waited that long. A group that would go
 * past `maxPendingRows` is refused with PTR_ERR_OVERLOADED (retryable), never dropped.
 */
import { ptrError } from '../../errors/index.js';
import type { ClickHouseConnection } from './connection.js';
import { blockBytes, encodeBatches, NativeBlock, type NativeColumn } from './native/native-block.js';

export interface GroupCommitOptions<B> {
  conn: ClickHouseConnection;
  table: string;
  /** Insert columns with the types they are sent as (Native format). */
  columns: readonly NativeColumn[];
  encode(batch: B, block: NativeBlock): void;
  /** Longest a batch waits for others before its group is written. */
  maxDelayMs?: number;
  /** Rows that trigger a flush at once. */
  maxRows?: number;
  /** Rows waiting (not yet in a running insert) beyond which writes are refused. */
  maxPendingRows?: number;
  /** Called after each committed insert (rows, bytes, ms). */
  onCommit?(rows: number, bytes: number, ms: number): void;
}

interface Pending<B> {
  batch: B;
  rows: number;
  resolve(): void;
  reject(err: unknown): void;
}

export class GroupCommitWriter<B extends { count: number }> {
  private pending: Pending<B>[] = [];
  private pendingRows = 0;
  private firstAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly block: NativeBlock;
  private readonly maxDelayMs: number;
  private readonly maxRows: number;
  private readonly maxPendingRows: number;

  constructor(private readonly o: GroupCommitOptions<B>) {
    this.maxDelayMs = o.maxDelayMs ?? 10;
    this.maxRows = o.maxRows ?? 100_000;
    this.maxPendingRows = o.maxPendingRows ?? 1_000_000;
    this.block = new NativeBlock(o.columns);
  }

  write(batch: B): Promise<void> {
    if (this.stopped) return Promise.reject(ptrError('PTR_ERR_NOT_READY', `the ${this.o.table} writer is stopped`));
    if (batch.count === 0) return Promise.resolve();
    if (this.pendingRows > 0 && this.pendingRows + batch.count > this.maxPendingRows) {
      return Promise.reject(ptrError('PTR_ERR_OVERLOADED', `the ${this.o.table} writer has ${this.pendingRows} rows waiting to be committed`, { retryAfterSeconds: 1 }));
    }
    return new Promise<void>((resolve, reject) => {
      if (this.pending.length === 0) this.firstAt = performance.now();
      this.pending.push({ batch, rows: batch.count, resolve, reject });
      this.pendingRows += batch.count;
      this.schedule();
    });
  }

  /** Nothing to wait for: a write resolves only once its insert committed (RowWriter's contract). */
  readBarrier(): Promise<void> {
    return Promise.resolve();
  }

  /** Writes everything accepted so far and waits for it. */
  async forceFlush(): Promise<void> {
    while (this.pending.length > 0 || this.running) {
      if (this.running) await this.running;
      else this.flush();
    }
  }

  /** Flushes, then refuses new writes. Idempotent. */
  async stop(): Promise<void> {
    await this.forceFlush();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.running) return; // the running insert's completion flushes
    if (this.pendingRows >= this.maxRows) {
      this.flush();
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.maxDelayMs - (performance.now() - this.firstAt));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.running) this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    this.running = this.commit(group).finally(() => {
      this.running = undefined;
      if (this.pending.length > 0) {
        if (this.pendingRows >= this.maxRows || performance.now() - this.firstAt >= this.maxDelayMs) this.flush();
        else this.schedule();
      }
    });
  }

  private async commit(group: Pending<B>[]): Promise<void> {
    const { encoded: ok, failed } = encodeBatches(this.block, group, (p, blk) => this.o.encode(p.batch, blk));
    for (const { batch: p, error } of failed) {
      p.reject(ptrError('PTR_ERR_INTERNAL', `encoding a batch for ${this.o.table} failed: ${(error as Error).message}`, { cause: error }));
    }
    if (ok.length === 0) return;
    let rows = 0;
    for (const p of ok) rows += p.rows;
    const data = blockBytes(this.block.finish());
    const t0 = performance.now();
    try {
      await this.o.conn.insert(this.o.table, 'Native', data, this.o.columns.map((c) => c.name));
    } catch (err) {
      for (const p of ok) p.reject(err);
      return;
    }
    this.o.onCommit?.(rows, data.length, performance.now() - t0);
    for (const p of ok) p.resolve();
  }
}
