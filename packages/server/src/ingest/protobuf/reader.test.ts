import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { ProtoReader, ProtoWireError, WireType } from './reader.js';
import { ProtoWriter } from './writer.js';

describe('ProtoReader / ProtoWriter', () => {
  it('round-trips every scalar kind against protobufjs', () => {
    const w = protobuf.Writer.create();
    w.uint32((1 << 3) | 0).uint32(300);
    w.uint32((2 << 3) | 0).int64('-5');
    w.uint32((3 << 3) | 1).fixed64('18446744073709551615');
    w.uint32((4 << 3) | 1).double(1.5);
    w.uint32((5 << 3) | 2).string('héllo wörld, a longer text beyond the ascii path');
    w.uint32((6 << 3) | 5).fixed32(0xdeadbeef);
    w.uint32((7 << 3) | 0).int32(-1);
    w.uint32((8 << 3) | 0).sint64('-3');
    w.uint32((9 << 3) | 0).uint64('9007199254740993');
    const r = new ProtoReader(w.finish());
    expect(r.tag()).toBe(8);
    expect(r.uint32()).toBe(300);
    r.tag();
    expect(r.int64()).toBe(-5n);
    r.tag();
    expect(r.fixed64()).toBe(18446744073709551615n);
    r.tag();
    expect(r.double()).toBe(1.5);
    r.tag();
    expect(r.string()).toBe('héllo wörld, a longer text beyond the ascii path');
    r.tag();
    expect(r.fixed32()).toBe(0xdeadbeef);
    r.tag();
    expect(r.int32()).toBe(-1);
    r.tag();
    expect(r.sint64()).toBe(-3n);
    r.tag();
    expect(r.uint64()).toBe(9007199254740993n);
    expect(r.pos).toBe(r.end);
  });

  it('writes what protobufjs reads, nested lengths included', () => {
    const w = new ProtoWriter(4);
    const m = w.beginLen(1);
    w.stringField(1, 'x'.repeat(300));
    w.int64Field(2, -7n);
    w.fixed64Field(3, 123456789012345678n);
    w.endLen(m);
    w.int32Field(2, -2);
    const r = protobuf.Reader.create(w.finish());
    expect(r.uint32()).toBe((1 << 3) | 2);
    const len = r.uint32();
    const end = r.pos + len;
    expect(r.uint32()).toBe((1 << 3) | 2);
    expect(r.string()).toBe('x'.repeat(300));
    r.uint32();
    expect(r.int64().toString()).toBe('-7');
    r.uint32();
    expect(r.fixed64().toString()).toBe('123456789012345678');
    expect(r.pos).toBe(end);
    r.uint32();
    expect(r.int32()).toBe(-2);
  });

  it('throws ProtoWireError with an offset on malformed input', () => {
    expect(() => new ProtoReader(Uint8Array.of(0x80)).uint32()).toThrow(ProtoWireError);
    const tooLong = new ProtoReader(Uint8Array.of((1 << 3) | WireType.Len, 10, 1, 2));
    tooLong.tag();
    expect(() => tooLong.lenEnd()).toThrow(/runs past the end/);
    expect(() => new ProtoReader(Uint8Array.of(0)).tag()).toThrow(/field number 0/);
    expect(() => new ProtoReader(Uint8Array.of((1 << 3) | 3)).tag()).toThrow(/wire type 3/);
    expect(() => new ProtoReader(Uint8Array.of(1, 2)).fixed64()).toThrow(/truncated/);
    expect(() => new ProtoReader(new Uint8Array(11).fill(0xff)).uint32()).toThrow(/10 bytes/);
  });

  it('skips unknown fields of every wire type', () => {
    const w = new ProtoWriter();
    w.uint32Field(1, 5);
    w.fixed64Field(2, 1n);
    w.stringField(3, 'abc');
    w.fixed32Field(4, 9);
    w.uint32Field(5, 42);
    const r = new ProtoReader(w.finish());
    for (let i = 0; i < 4; i++) r.skip(r.tag() & 7);
    expect(r.tag() >>> 3).toBe(5);
    expect(r.uint32()).toBe(42);
  });
});
