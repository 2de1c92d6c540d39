/**
 * Moves acknowledged writes from the WAL into the engine in the background, in large groups: the
 * engine's cost is per insert and per part, so one insert of 500k samples costs far less than
 * hundreds of small ones. A group is cut (and its WAL segment closed) when it holds
 * `flushSamples` samples, when its oldest write is `maxAgeMs` old, on a read barrier and at stop.
 * Groups commit in order; once a group's inserts returned, its segments are deleted.
 *
 * An insert that fails keeps its group and segments and is retried with backoff; writes go on
 * being accepted into the WAL until `maxPendingSamples` are waiting (the writer then answers
 * PTR_ERR_OVERLOADED). Read barriers waiting on a failing group fail with PTR_ERR_STORAGE rather
 * than hang. Duplicated rows (a crash between an insert and the unlink replays that group again)
 * are harmless: readers dedupe equal timestamps, the series index and metadata are
 * ReplacingMergeTree tables read with GROUP BY, exemplars are deduped when read.
 */
import { ptrError } from '../../../errors/index.js';
import type { ClickHouseConnection } from '../../clickhouse/index.js';
import { RowBinaryWriter } from '../../clickhouse/index.js';
import { SAMPLE_INSERT_COLUMNS, SamplesBlockEncoder } from './samples-block.js';
import { EXEMPLARS_TABLE, METADATA_TABLE, SAMPLES_TABLE, SERIES_TABLE } from './schema.js';
import type { WalRows } from './wal-format.js';
import type { Wal } from './wal.js';

export interface CommitterOptions {
  /** Pending samples that cut a group at once. */
  flushSamples: number;
  /** Longest a write waits in memory before its group is cut. */
  maxAgeMs: number;
  /** First retry delay after a failed insert (doubles up to 10 s). */
  retryBaseMs?: number;
  /** Reports a failed insert (it is retried). */
  onError?: (err: unknown) => void;
}

interface Group {
  samples: RowBinaryWriter;
  sampleRows: number;
  series: RowBinaryWriter;
  seriesRows: number;
  metadata: RowBinaryWriter;
  metadataRows: number;
  exemplars: RowBinaryWriter;
  exemplarRows: number;
  segments: Set<number>;
  /** Sequence number of the newest write in the group. */
  lastSeq: number;
}

interface BarrierWaiter {
  seq: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_RETRY_MS = 10_000;

export class Committer {
  private current: Group = newGroup();
  private readonly queue: Group[] = [];
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private appendedSeq = 0;
  private committedSeq = 0;
  private waiters: BarrierWaiter[] = [];
  /** When false, a failed insert ends the loop instead of being retried (stop, replay). */
  retry = true;
  private wake: (() => void) | undefined;
  private readonly samplesBlock = new SamplesBlockEncoder();
  /** Samples acknowledged and not yet committed. */
  pendingSamples = 0;
  /** Set while inserts fail (cleared by the next success). */
  lastError: unknown;

  constructor(
    private readonly conn: ClickHouseConnection,
    private readonly wal: Wal | undefined,
    private readonly options: CommitterOptions,
  ) {}

  /** Adds the rows of one acknowledged write (already in WAL segment `segment`). */
  add(rows: WalRows, segment: number | undefined): void {
    const g = this.current;
    if (g.lastSeq === 0 && this.retry) {
      this.timer = setTimeout(() => this.cut(), this.options.maxAgeMs);
      this.timer.unref();
    }
    append(g.samples, rows.samples);
    append(g.series, rows.series);
    append(g.metadata, rows.metadata);
    append(g.exemplars, rows.exemplars);
    g.sampleRows += rows.sampleRows;
    g.seriesRows += rows.seriesRows;
    g.metadataRows += rows.metadataRows;
    g.exemplarRows += rows.exemplarRows;
    if (segment !== undefined) g.segments.add(segment);
    g.lastSeq = ++this.appendedSeq;
    this.pendingSamples += rows.sampleRows;
    if (g.sampleRows >= this.options.flushSamples) this.cut();
  }

  /** Resolves once everything added so far is committed; rejects if an insert fails meanwhile. */
  barrier(): Promise<void> {
    const seq = this.appendedSeq;
    if (this.committedSeq >= seq) return Promise.resolve();
    this.cut();
    // while inserts fail, a reader triggers the next attempt now instead of waiting out the backoff
    this.wake?.();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * Commits everything added so far, trying each insert once more at most: throws the insert's
   * error if one fails (what is left stays in the WAL and is replayed at the next start). For
   * stop and replay; afterwards failed inserts are retried in the background again.
   */
  async commitOnce(): Promise<void> {
    const retry = this.retry;
    this.retry = false;
    try {
      this.cut();
      this.wake?.();
      while (this.running) await this.running;
      if (this.queue.length > 0) {
        // one more try, now that no backoff is pending
        this.running = this.loop().finally(() => (this.running = undefined));
        await this.running;
      }
      if (this.queue.length > 0) throw this.lastError;
    } finally {
      this.retry = retry;
    }
  }

  private cut(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const g = this.current;
    if (g.lastSeq !== 0) {
      // the next write opens a new segment, so that this group's segments hold only its writes
      this.wal?.rotate();
      this.current = newGroup();
      this.queue.push(g);
    }
    // also restarts a loop that gave up (commitOnce) while groups are still queued
    if (this.queue.length > 0) this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    let delay = this.options.retryBaseMs ?? 200;
    while (this.queue.length > 0) {
      const g = this.queue[0]!;
      try {
        await this.commit(g);
      } catch (err) {
        this.lastError = err;
        this.options.onError?.(err);
        const e = ptrError('PTR_ERR_STORAGE', `metric store insert failed (acknowledged samples are kept in the WAL and retried): ${(err as Error).message}`, { cause: err });
        const failed = this.waiters;
        this.waiters = [];
        for (const w of failed) w.reject(e);
        if (!this.retry) return;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
        delay = Math.min(delay * 2, MAX_RETRY_MS);
        continue;
      }
      delay = this.options.retryBaseMs ?? 200;
      this.lastError = undefined;
      this.queue.shift();
      this.pendingSamples -= g.sampleRows;
      this.committedSeq = g.lastSeq;
      this.wal?.remove(g.segments);
      const still: BarrierWaiter[] = [];
      for (const w of this.waiters) {
        if (w.seq <= this.committedSeq) w.resolve();
        else still.push(w);
      }
      this.waiters = still;
    }
  }

  private async commit(g: Group): Promise<void> {
    if (g.seriesRows > 0) await this.conn.insert(SERIES_TABLE, 'RowBinary', g.series.bytes(), ['tenant', 'metric_name', 'fingerprint', 'day', 'labels']);
    if (g.metadataRows > 0) await this.conn.insert(METADATA_TABLE, 'RowBinary', g.metadata.bytes(), ['tenant', 'metric', 'type', 'help', 'unit', 'updated']);
    if (g.sampleRows > 0) await this.conn.insert(SAMPLES_TABLE, 'Native', this.samplesBlock.encode(g.samples.bytes(), g.sampleRows), SAMPLE_INSERT_COLUMNS);
    if (g.exemplarRows > 0) await this.conn.insert(EXEMPLARS_TABLE, 'RowBinary', g.exemplars.bytes(), ['tenant', 'fingerprint', 'ts', 'value', 'labels']);
  }
}

function newGroup(): Group {
  return {
    samples: new RowBinaryWriter(256 * 1024),
    sampleRows: 0,
    series: new RowBinaryWriter(16 * 1024),
    seriesRows: 0,
    metadata: new RowBinaryWriter(256),
    metadataRows: 0,
    exemplars: new RowBinaryWriter(256),
    exemplarRows: 0,
    segments: new Set(),
    lastSeq: 0,
  };
}

function append(w: RowBinaryWriter, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  w.ensure(bytes.length);
  w.buf.set(bytes, w.pos);
  w.pos += bytes.length;
}
