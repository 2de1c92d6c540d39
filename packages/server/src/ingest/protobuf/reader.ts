/**
 * A small protobuf wire-format reader for hand-written decoders that write straight into
 * columnar batches (no generated classes, no object per message).
 *
 * API (shared with the metrics decoder):
 *   const r = new ProtoReader(bytes);          // or new ProtoReader(bytes, start, end)
 *   while (r.pos < r.end) {
 *     const tag = r.tag();                      // (field << 3) | wireType; 0 ends nothing, it throws
 *     switch (tag) {
 *       case (1 << 3) | WireType.Len: { const end = r.lenEnd(); decodeChild(r, end); r.pos = end; break; }
 *       case (2 << 3) | WireType.Varint: x = r.uint32(); break;
 *       case (7 << 3) | WireType.Fixed64: t = r.fixed64(); break;
 *       default: r.skip(tag & 7);              // unknown fields are skipped, as proto3 requires
 *     }
 *   }
 * Nested messages are read in place: `lenEnd()` validates the length prefix and returns the
 * end offset of the child; the caller decodes fields until `r.pos === end`. Every malformed
 * input (truncated varint, length past the end, bad wire type) throws a ProtoWireError that
 * carries the byte offset; decoders catch it and add the field path.
 */

export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  Len = 2,
  StartGroup = 3,
  EndGroup = 4,
  Fixed32 = 5,
}

/** A wire-format violation at a byte offset. Decoders turn it into PTR_ERR_DECODE with a path. */
export class ProtoWireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ProtoWireError';
  }
}

const TWO_32 = 4294967296;
const textDecoder = new TextDecoder('utf-8');

export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  end: number;
  private view: DataView | undefined;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Reads a field tag; rejects field number 0 and the deprecated group wire types. */
  tag(): number {
    const t = this.uint32();
    const wt = t & 7;
    if (t >>> 3 === 0) throw new ProtoWireError('invalid field number 0', this.pos);
    if (wt === WireType.StartGroup || wt === WireType.EndGroup || wt > 5) {
      throw new ProtoWireError(`unsupported wire type ${wt} for field ${t >>> 3}`, this.pos);
    }
    return t;
  }

  /** A varint as an unsigned 32-bit number (higher bits discarded, as protobuf does for uint32/enum). */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) throw new ProtoWireError('truncated varint', pos);
      const b = buf[pos++]!;
      if (shift < 32) result |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
      if (shift >= 70) throw new ProtoWireError('varint longer than 10 bytes', pos);
    }
    this.pos = pos;
    return result >>> 0;
  }

  /** An int32/enum varint: negative values arrive as 10-byte varints and are sign-extended here. */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A varint as a signed 64-bit bigint (int64). */
  int64(): bigint {
    return BigInt.asIntN(64, this.varint64());
  }

  /** A varint as an unsigned 64-bit bigint (uint64). */
  uint64(): bigint {
    return this.varint64();
  }

  /** A varint as a JS number; exact up to 2^53 (counts, sizes). */
  uint64Number(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      if (pos >= this.end) throw new ProtoWireError('truncated varint', pos);
      if (i >= 10) throw new ProtoWireError('varint longer than 10 bytes', pos);
      const b = buf[pos++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    this.pos = pos;
    return result;
  }

  private varint64(): bigint {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (;;) {
      if (pos >= this.end) throw new ProtoWireError('truncated varint', pos);
      const b = buf[pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else if (shift < 64) hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) break;
      shift += 7;
      if (shift >= 70) throw new ProtoWireError('varint longer than 10 bytes', pos);
    }
    this.pos = pos;
    if (hi === 0) return BigInt(lo >>> 0);
    return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  }

  /** A sint32 / sint64 (zig-zag) varint. */
  sint64(): bigint {
    const v = this.varint64();
    return (v >> 1n) ^ -(v & 1n);
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  private dv(): DataView {
    return (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  private need(n: number): number {
    const p = this.pos;
    if (p + n > this.end) throw new ProtoWireError(`truncated: need ${n} bytes, ${this.end - p} left`, p);
    this.pos = p + n;
    return p;
  }

  /** fixed64 as an unsigned bigint (timestamps). */
  fixed64(): bigint {
    return this.dv().getBigUint64(this.need(8), true);
  }

  /** sfixed64 as a signed bigint. */
  sfixed64(): bigint {
    return this.dv().getBigInt64(this.need(8), true);
  }

  /** fixed64 as a JS number (exact up to 2^53). */
  fixed64Number(): number {
    const p = this.need(8);
    const dv = this.dv();
    return dv.getUint32(p + 4, true) * TWO_32 + dv.getUint32(p, true);
  }

  fixed32(): number {
    return this.dv().getUint32(this.need(4), true);
  }

  sfixed32(): number {
    return this.dv().getInt32(this.need(4), true);
  }

  double(): number {
    return this.dv().getFloat64(this.need(8), true);
  }

  float(): number {
    return this.dv().getFloat32(this.need(4), true);
  }

  /** Reads a length prefix, checks it fits, and returns the end offset; `pos` is the start. */
  lenEnd(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (len > 0x7fffffff || end > this.end) throw new ProtoWireError(`length ${len} runs past the end of the message`, this.pos);
    return end;
  }

  /** A length-delimited field as a view (no copy) into the input. */
  bytes(): Uint8Array {
    const end = this.lenEnd();
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  /** A length-delimited field decoded as UTF-8 (invalid sequences become U+FFFD). */
  string(): string {
    const end = this.lenEnd();
    const s = decodeUtf8(this.buf, this.pos, end);
    this.pos = end;
    return s;
  }

  /** Skips a field of the given wire type (unknown fields). */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.uint64Number();
        return;
      case WireType.Fixed64:
        this.need(8);
        return;
      case WireType.Len:
        this.pos = this.lenEnd();
        return;
      case WireType.Fixed32:
        this.need(4);
        return;
      default:
        throw new ProtoWireError(`unsupported wire type ${wireType}`, this.pos);
    }
  }
}

/**
 * UTF-8 to string. Short ASCII strings (most keys and values in telemetry) are built without
 * crossing into the native decoder, which costs more than the copy for a few bytes.
 */
/** Buffer's latin1 decoder applied to any Uint8Array (ASCII bytes are the same in latin1). */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len === 0) return '';
  if (len <= 24) {
    for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return textDecoder.decode(buf.subarray(start, end));
    // ASCII: one flat string from a native copy (a string built char by char is a rope that
    // every later hash and comparison flattens again)
    return latin1Slice.call(buf, start, end);
  }
  return textDecoder.decode(buf.subarray(start, end));
}

/** Reads a length-delimited field and interns its text; see BytesInterner. */
export function internString(r: ProtoReader, interner: { intern(buf: Uint8Array, start: number, end: number): number }): number {
  const end = r.lenEnd();
  const idx = interner.intern(r.buf, r.pos, end);
  r.pos = end;
  return idx;
}
