/**
 * One segment of a write-ahead log: a file of RowBinary rows exactly as the engine reads them
 * (so a segment is inserted with INSERT ... FROM INFILE, without a copy), and beside it an index
 * of the end offset of every appended batch. A batch is acknowledged only after both writes
 * returned; after kill -9, the rows past the last indexed offset (a batch cut short, never
 * acknowledged) are cut off before the segment is inserted.
 *
 * write(2) into the page cache survives the death of the process; `fsync` (optional) makes a
 * batch survive the loss of the machine too, at the cost of a disk flush per batch.
 */
import { join } from 'node:path';
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, rmSync, statSync, truncateSync, writevSync } from 'node:fs';

export class SegmentFile {
  private readonly fd: number;
  private readonly indexFd: number;
  private closed = false;
  private entries = 0;
  private readonly indexEntry = Buffer.alloc(8);
  rows = 0;
  bytes = 0;
  readonly createdAt = performance.now();

  readonly path: string;

  constructor(
    readonly dir: string,
    readonly name: string,
    private readonly fsync: boolean,
  ) {
    this.path = join(dir, name);
    this.fd = openSync(this.path, 'wx');
    this.indexFd = openSync(indexPath(this.path), 'wx');
  }

  /** Appends one batch (its bytes in one or more parts); on failure the segment is left as it was before the call. */
  append(data: Uint8Array | readonly Uint8Array[], rows: number): void {
    const before = this.bytes;
    const parts = data instanceof Uint8Array ? [data] : data;
    let size = 0;
    for (const p of parts) size += p.length;
    try {
      writeAll(this.fd, parts, before);
      this.indexEntry.writeBigUInt64LE(BigInt(before + size));
      writeAll(this.indexFd, [this.indexEntry], this.entries * 8);
      if (this.fsync) {
        fsyncSync(this.fd);
        fsyncSync(this.indexFd);
      }
    } catch (err) {
      ftruncateSync(this.fd, before);
      throw err;
    }
    this.entries++;
    this.bytes = before + size;
    this.rows += rows;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    closeSync(this.indexFd);
  }
}

export const indexPath = (segment: string): string => `${segment}.idx`;

/**
 * Makes a segment left by an earlier process insertable: cuts the rows past the last complete
 * index entry. Returns the valid length (0: nothing acknowledged in it).
 */
export function repairSegment(path: string): number {
  const idx = indexPath(path);
  let valid = 0;
  if (existsSync(idx)) {
    const raw = readFileSync(idx);
    const entries = raw.length >> 3;
    if (entries > 0) valid = Number(raw.readBigUInt64LE((entries - 1) * 8));
  }
  const size = statSync(path).size;
  // an index entry is written after its rows, so valid <= size unless the file was damaged
  valid = Math.min(valid, size);
  if (size > valid) truncateSync(path, valid);
  return valid;
}

export function removeSegment(path: string): void {
  rmSync(path, { force: true });
  rmSync(indexPath(path), { force: true });
}

function writeAll(fd: number, parts: readonly Uint8Array[], position: number): void {
  let pending = parts.filter((p) => p.length > 0);
  let pos = position;
  while (pending.length > 0) {
    // writev may write less than asked: drop what was written and go on
    let n = writevSync(fd, pending, pos);
    pos += n;
    let i = 0;
    while (i < pending.length && n >= pending[i]!.length) n -= pending[i++]!.length;
    pending = pending.slice(i);
    if (n > 0) pending[0] = pending[0]!.subarray(n);
  }
}
