/** RowBinary rows (fingerprint UInt64, ts Int64, value Float64) for the samples table. */
export class SampleRowsEncoder {
  private buf: Buffer;
  private pos = 0;

  constructor(initialRows = 4096) {
    this.buf = Buffer.allocUnsafe(initialRows * 24);
  }

  reset(): void {
    this.pos = 0;
  }

  get rows(): number {
    return this.pos / 24;
  }

  add(lo: number, hi: number, ts: number, value: number): void {
    if (this.pos + 24 > this.buf.length) {
      const next = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    const b = this.buf;
    const p = this.pos;
    b.writeUInt32LE(lo, p);
    b.writeUInt32LE(hi, p + 4);
    // Int64 milliseconds: split so that no BigInt is needed
    const tsHi = Math.floor(ts / 4294967296);
    b.writeUInt32LE(ts - tsHi * 4294967296, p + 8);
    b.writeInt32LE(tsHi, p + 12);
    b.writeDoubleLE(value, p + 16);
    this.pos = p + 24;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
