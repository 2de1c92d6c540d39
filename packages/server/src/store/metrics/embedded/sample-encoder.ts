/**
 * The rows a write adds to the samples table, as the write-ahead log keeps them and the committer
 * groups them: (fingerprint UInt64, ts Int64, value Float64, metric UInt32, 4 bytes of padding),
 * 32 bytes. The committer turns them into the table's columns (samples-block.ts). A row is
 * 8-byte aligned in a buffer of its own, so every field is written through 32-bit and 64-bit
 * views of it rather than Buffer.write*, one call each with its own checks. The views store in
 * the platform's order, which must be little-endian as the WAL and the engine's formats are.
 */
import { endianness } from 'node:os';

if (endianness() !== 'LE') throw new Error('the metric sample encoder assumes a little-endian platform');

export const SAMPLE_ROW_BYTES = 32;

export class SampleRowsEncoder {
  private buf: Buffer;
  private u32: Uint32Array;
  private f64: Float64Array;
  private pos = 0;

  constructor(initialRows = 4096) {
    this.buf = Buffer.alloc(0);
    this.u32 = new Uint32Array(0);
    this.f64 = new Float64Array(0);
    this.allocate(initialRows * SAMPLE_ROW_BYTES);
  }

  reset(): void {
    this.pos = 0;
  }

  get rows(): number {
    return this.pos / SAMPLE_ROW_BYTES;
  }

  add(lo: number, hi: number, ts: number, value: number, metric: number): void {
    const p = this.pos;
    if (p + SAMPLE_ROW_BYTES > this.buf.length) this.allocate(this.buf.length * 2);
    const w = p >>> 2;
    const u32 = this.u32;
    u32[w] = lo;
    u32[w + 1] = hi;
    // Int64 milliseconds: split so that no BigInt is needed (the high word as two's complement)
    const tsHi = Math.floor(ts / 4294967296);
    u32[w + 2] = ts - tsHi * 4294967296;
    u32[w + 3] = tsHi >>> 0;
    // a Float64Array store keeps a NaN's bits (the staleness marker), as writeDoubleLE did
    this.f64[(p >>> 3) + 2] = value;
    u32[w + 6] = metric;
    u32[w + 7] = 0;
    this.pos = p + SAMPLE_ROW_BYTES;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private allocate(bytes: number): void {
    const ab = new ArrayBuffer(Math.max(SAMPLE_ROW_BYTES, bytes));
    const next = Buffer.from(ab);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.u32 = new Uint32Array(ab);
    this.f64 = new Float64Array(ab);
  }
}

/** Rows of the first WAL format (24 bytes, no metric) as rows of this one, metric unknown (0). */
export function widenV1Rows(rows: Uint8Array, n: number): Buffer {
  const out = Buffer.alloc(n * SAMPLE_ROW_BYTES);
  for (let i = 0; i < n; i++) out.set(rows.subarray(i * 24, i * 24 + 24), i * SAMPLE_ROW_BYTES);
  return out;
}
