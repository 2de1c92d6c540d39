/**
 * The matching protobuf writer: grows one buffer, writes tags, varints, fixed values and
 * length-delimited children. Used to re-encode batches as OTLP (Kafka topics, responses).
 *
 *   const w = new ProtoWriter();
 *   const m = w.beginLen(1);   // field 1, a nested message
 *   w.stringField(1, 'key');
 *   w.endLen(m);
 *   const bytes = w.finish();
 */
import { WireType } from './reader.js';

const textEncoder = new TextEncoder();

export class ProtoWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initial = 1024) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  varint(v: number): void {
    this.ensure(10);
    // numbers above 2^31 must not go through 32-bit bit operations
    while (v > 0x7f) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  varintBig(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    this.ensure(10);
    while (u > 0x7fn) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }

  tag(field: number, wt: WireType): void {
    this.varint(field * 8 + wt);
  }

  uint32Field(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, WireType.Varint);
    this.varint(v >>> 0);
  }

  /** int32/enum: negative values are written as 10-byte varints, as protobuf requires. */
  int32Field(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, WireType.Varint);
    if (v < 0) this.varintBig(BigInt(v));
    else this.varint(v);
  }

  int64Field(field: number, v: bigint): void {
    if (v === 0n) return;
    this.tag(field, WireType.Varint);
    this.varintBig(v);
  }

  boolField(field: number, v: boolean): void {
    if (!v) return;
    this.tag(field, WireType.Varint);
    this.varint(1);
  }

  fixed64Field(field: number, v: bigint): void {
    if (v === 0n) return;
    this.tag(field, WireType.Fixed64);
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, v), true);
    this.pos += 8;
  }

  fixed32Field(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, WireType.Fixed32);
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  /** A double, written even when zero when `always` (oneof members must be present). */
  doubleField(field: number, v: number, always = false): void {
    if (v === 0 && !always && !Object.is(v, -0)) return;
    this.tag(field, WireType.Fixed64);
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  bytesField(field: number, v: Uint8Array, always = false): void {
    if (v.length === 0 && !always) return;
    this.tag(field, WireType.Len);
    this.varint(v.length);
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  stringField(field: number, v: string, always = false): void {
    if (v.length === 0 && !always) return;
    this.bytesField(field, textEncoder.encode(v), always);
  }

  /**
   * Starts a nested message. Reserves 5 bytes for the length (the most a 32-bit length needs)
   * and compacts them in endLen, so children need no separate buffer.
   */
  beginLen(field: number): number {
    this.tag(field, WireType.Len);
    this.ensure(5);
    const at = this.pos;
    this.pos += 5;
    return at;
  }

  endLen(at: number): void {
    const start = at + 5;
    const len = this.pos - start;
    let n = 1;
    for (let v = len; v > 0x7f; v = Math.floor(v / 128)) n++;
    this.buf.copyWithin(at + n, start, this.pos);
    let v = len;
    let p = at;
    while (v > 0x7f) {
      this.buf[p++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[p] = v;
    this.pos = at + n + len;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
