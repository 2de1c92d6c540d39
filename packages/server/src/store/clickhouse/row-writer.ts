/**
 * How the trace and log stores write rows: through a write-ahead log (acknowledged once on disk,
 * inserted in large groups: wal/wal-writer.ts) when the store has a log directory, which is how
 * the server runs; otherwise by plain group commit (acknowledged once inserted: group-commit.ts),
 * which tests and tools that open a store directly use.
 */
import type { ClickHouseConnection } from './connection.js';
import { GroupCommitWriter } from './group-commit.js';
import type { NativeBlock, NativeColumn } from './native/native-block.js';
import { WalGroupCommitWriter } from './wal/wal-writer.js';

export interface RowWriter<B> {
  /** Resolves once the batch is durable (in the log, or committed). */
  write(batch: B): Promise<void>;
  /**
   * Before a read: waits until everything acknowledged before the call is readable, failing with
   * PTR_ERR_STORAGE after `maxWaitMs`.
   */
  readBarrier(maxWaitMs: number): Promise<void>;
  forceFlush(): Promise<void>;
  stop(): Promise<void>;
}

export interface WalOptions {
  dir: string;
  maxRows?: number;
  maxDelayMs?: number;
  fsync?: boolean;
}

/** How a store writes, as its caller configures it. */
export interface StoreWriteOptions {
  /** Group commit without a log: longest a batch waits for others. */
  maxDelayMs?: number;
  /** Rows acknowledged but not yet committed beyond which writes are refused. */
  maxPendingRows?: number;
  onCommit?(rows: number, bytes: number, ms: number): void;
  onRetry?(err: unknown, attempt: number): void;
  /** Write through a write-ahead log in this directory. */
  wal?: WalOptions;
}

export interface RowWriterOptions<B> extends StoreWriteOptions {
  conn: ClickHouseConnection;
  table: string;
  /** Insert columns with the types they are sent as (Native format). */
  columns: readonly NativeColumn[];
  encode(batch: B, block: NativeBlock): void;
}

export async function openRowWriter<B extends { count: number }>(o: RowWriterOptions<B>): Promise<RowWriter<B>> {
  const common = {
    conn: o.conn,
    table: o.table,
    columns: o.columns,
    encode: o.encode,
    ...(o.maxPendingRows !== undefined ? { maxPendingRows: o.maxPendingRows } : {}),
    ...(o.onCommit ? { onCommit: o.onCommit } : {}),
  };
  if (o.wal) {
    return WalGroupCommitWriter.open<B>({
      ...common,
      dir: o.wal.dir,
      ...(o.wal.maxRows !== undefined ? { maxRows: o.wal.maxRows } : {}),
      ...(o.wal.maxDelayMs !== undefined ? { maxDelayMs: o.wal.maxDelayMs } : {}),
      ...(o.wal.fsync !== undefined ? { fsync: o.wal.fsync } : {}),
      ...(o.onRetry ? { onRetry: o.onRetry } : {}),
    });
  }
  return new GroupCommitWriter<B>({ ...common, ...(o.maxDelayMs !== undefined ? { maxDelayMs: o.maxDelayMs } : {}) });
}
