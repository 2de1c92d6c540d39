/**
 * A growable RowBinary encoder (ClickHouse's row-oriented binary input format): what the
 * stores build straight from a columnar batch, one call per value, no intermediate objects.
 * Wire types: integers little-endian; String/FixedString as LEB128 length + bytes; Map(K,V)
 * and Array(T) as LEB128 count + elements; DateTime64(9) as Int64 nanoseconds.
 */
const HEX = new TextEncoder().encode('0123456789abcdef');

/** Bytes of the LEB128 form of `v`. */
function varuintSize(v: number): number {
  let n = 1;
  for (; v >= 0x80; v >>>= 7) n++;
  return n;
}

export class RowBinaryWriter {
  buf: Buffer;
  pos = 0;
  // 64-bit writes through a DataView: Buffer's writeBigInt64LE is BigInt arithmetic in JavaScript
  private dv: DataView;

  constructor(initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  reset(): void {
    this.pos = 0;
  }

  /** The bytes written so far (a view, valid until the next write or reset). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  u64(v: bigint): void {
    this.ensure(8);
    this.dv.setBigUint64(this.pos, BigInt.asUintN(64, v), true);
    this.pos += 8;
  }

  i64(v: bigint): void {
    this.ensure(8);
    this.dv.setBigInt64(this.pos, BigInt.asIntN(64, v), true);
    this.pos += 8;
  }

  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** LEB128, as RowBinary writes lengths and counts. */
  varuint(v: number): void {
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  string(s: string): void {
    if (s.length === 0) {
      this.u8(0);
      return;
    }
    // Reserve the worst case, write, then fix the length prefix if it is longer than 1 byte.
    const max = s.length * 3;
    this.ensure(max + 5);
    if (s.length < 64 && this.ascii(s)) return;
    if (max < 128) {
      const n = this.buf.write(s, this.pos + 1, 'utf8');
      this.buf[this.pos] = n;
      this.pos += 1 + n;
      return;
    }
    // Write after room for the longest prefix, then move the bytes back if the prefix is shorter:
    // one pass over the string instead of measuring it first (Buffer.byteLength) and then writing.
    const reserve = varuintSize(max);
    const start = this.pos;
    const n = this.buf.write(s, start + reserve, 'utf8');
    const prefix = varuintSize(n);
    if (prefix < reserve) this.buf.copyWithin(start + prefix, start + reserve, start + reserve + n);
    this.varuint(n);
    this.pos += n;
  }

  /** Writes a short string if it is all ASCII (a loop beats the native UTF-8 call at this size). */
  private ascii(s: string): boolean {
    const n = s.length;
    const buf = this.buf;
    const start = this.pos + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[start + i] = c;
    }
    buf[this.pos] = n;
    this.pos = start + n;
    return true;
  }

  /** Bytes already in RowBinary form (e.g. EncodedStrings): a plain copy. */
  raw(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    // short values (most keys and names) copy faster in a loop than through a native call
    if (n <= 32) for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    else {
      buf.set(b, p);
      p += n;
    }
    this.pos = p;
  }

  /**
   * Elements [start, end) of a typed array as their bytes: a fixed-width column copied whole
   * (typed arrays are little-endian here, as the engine reads numbers).
   */
  elements(a: Uint8Array | Uint32Array | BigUint64Array, start: number, end: number): void {
    const n = (end - start) * a.BYTES_PER_ELEMENT;
    this.ensure(n);
    this.buf.set(new Uint8Array(a.buffer, a.byteOffset + start * a.BYTES_PER_ELEMENT, n), this.pos);
    this.pos += n;
  }

  /** `len` bytes of `src` at `offset` as a lowercase hex String. */
  hex(src: Uint8Array, offset: number, len: number): void {
    this.varuint(len * 2);
    this.ensure(len * 2);
    const b = this.buf;
    let p = this.pos;
    for (let i = offset; i < offset + len; i++) {
      const x = src[i]!;
      b[p++] = HEX[x >> 4]!;
      b[p++] = HEX[x & 15]!;
    }
    this.pos = p;
  }

  /** As hex(), but an all-zero id is written as the empty string (absent id). */
  hexOrEmpty(src: Uint8Array, offset: number, len: number): void {
    for (let i = offset; i < offset + len; i++) {
      if (src[i] !== 0) {
        this.hex(src, offset, len);
        return;
      }
    }
    this.u8(0);
  }
}
