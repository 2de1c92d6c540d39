/**
 * RowBinary rows (fingerprint UInt64, ts Int64, value Float64) for the samples table. A row is 24
 * bytes, so in a buffer of its own (8-byte aligned) every field is aligned: rows are written
 * through 32-bit and 64-bit views of it rather than Buffer.write*, one call each with its own
 * checks. The views store in the platform's order, which must be little-endian as RowBinary is.
 */
import { endianness } from 'node:os';

if (endianness() !== 'LE') throw new Error('the metric sample encoder assumes a little-endian platform');

export class SampleRowsEncoder {
  private buf: Buffer;
  private u32: Uint32Array;
  private f64: Float64Array;
  private pos = 0;

  constructor(initialRows = 4096) {
    this.buf = Buffer.alloc(0);
    this.u32 = new Uint32Array(0);
    this.f64 = new Float64Array(0);
    this.allocate(initialRows * 24);
  }

  reset(): void {
    this.pos = 0;
  }

  get rows(): number {
    return this.pos / 24;
  }

  add(lo: number, hi: number, ts: number, value: number): void {
    const p = this.pos;
    if (p + 24 > this.buf.length) this.allocate(this.buf.length * 2);
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
    this.pos = p + 24;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private allocate(bytes: number): void {
    const ab = new ArrayBuffer(Math.max(24, bytes));
    const next = Buffer.from(ab);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.u32 = new Uint32Array(ab);
    this.f64 = new Float64Array(ab);
  }
}
