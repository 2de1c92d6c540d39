/**
 * The write-ahead log's segment files (<dataDir>/metrics-wal/<id>.wal, format in wal-format.ts).
 * Appends are synchronous write(2) calls: once one returns the record is in the kernel, so it
 * survives kill -9 of the process (not a power loss, unless `fsync` is on, which adds an
 * fdatasync per append). The committer rotates to a fresh segment whenever it cuts a group, so a
 * segment belongs to exactly one group and is deleted once that group committed.
 */
import { closeSync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SEGMENT_MAGIC, decodeSegment, encodeRecord, type DecodedSegment, type WalRows } from './wal-format.js';

export interface WalOptions {
  dir: string;
  /** fdatasync after every append (survives power loss; costs a disk flush per write). */
  fsync: boolean;
  /** A segment that reached this size is closed and the next append opens a new one. */
  maxSegmentBytes: number;
}

const SEGMENT_RE = /^(\d{12})\.wal$/;
const segmentName = (id: number): string => `${String(id).padStart(12, '0')}.wal`;

/** Ids of the segments in `dir`, oldest first. */
export function listSegments(dir: string): number[] {
  mkdirSync(dir, { recursive: true });
  return readdirSync(dir)
    .map((f) => SEGMENT_RE.exec(f)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function readSegment(dir: string, id: number): DecodedSegment {
  return decodeSegment(readFileSync(join(dir, segmentName(id))));
}

export class Wal {
  private fd: number | undefined;
  private currentId: number;
  private size = 0;

  constructor(private readonly options: WalOptions) {
    const existing = listSegments(options.dir);
    this.currentId = (existing.at(-1) ?? 0) + 1;
  }

  /**
   * Appends one record and returns the id of the segment holding it. Throws if the record could
   * not be written whole; the segment is then truncated back (or abandoned) so that later
   * records are never behind a torn one.
   */
  append(rows: WalRows): number {
    const rec = encodeRecord(rows);
    if (this.fd !== undefined && this.size > SEGMENT_MAGIC.length && this.size + rec.length > this.options.maxSegmentBytes) this.rotate();
    if (this.fd === undefined) this.open();
    const fd = this.fd!;
    const before = this.size;
    try {
      let off = 0;
      while (off < rec.length) off += writeSync(fd, rec, off, rec.length - off);
      if (this.options.fsync) fdatasyncSync(fd);
    } catch (err) {
      try {
        ftruncateSync(fd, before);
      } catch {
        // the torn tail stays; replay stops there, and nothing more is written to this segment
      }
      this.rotate();
      throw err;
    }
    this.size = before + rec.length;
    return this.currentId;
  }

  /** Closes the current segment; the next append opens a new one. */
  rotate(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    this.currentId++;
    this.size = 0;
    try {
      closeSync(fd);
    } catch {
      // closing cannot lose appended data (write(2) already returned)
    }
  }

  /** Deletes committed segments. */
  remove(ids: Iterable<number>): void {
    for (const id of ids) {
      if (id === this.currentId && this.fd !== undefined) this.rotate();
      try {
        unlinkSync(join(this.options.dir, segmentName(id)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  close(): void {
    this.rotate();
  }

  private open(): void {
    mkdirSync(this.options.dir, { recursive: true });
    const fd = openSync(join(this.options.dir, segmentName(this.currentId)), 'wx');
    try {
      let off = 0;
      while (off < SEGMENT_MAGIC.length) off += writeSync(fd, SEGMENT_MAGIC, off, SEGMENT_MAGIC.length - off);
      if (this.options.fsync) {
        fdatasyncSync(fd);
        syncDir(this.options.dir);
      }
    } catch (err) {
      closeSync(fd);
      try {
        unlinkSync(join(this.options.dir, segmentName(this.currentId)));
      } catch {
        // a header-only or torn header segment replays as nothing
      }
      this.currentId++;
      throw err;
    }
    this.fd = fd;
    this.size = SEGMENT_MAGIC.length;
  }
}

/** Makes a new file's directory entry durable (fsync mode only). */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
