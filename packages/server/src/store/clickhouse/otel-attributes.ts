/**
 * Attributes in the OpenTelemetry Collector exporter's layout, `Map(LowCardinality(String),
 * String)`, plus what that layout loses: each map has a sibling `...AttributeTypes` string
 * with one type letter per entry, in map order (ClickHouse keeps a Map's entry order and
 * duplicate keys), so every value reads back with its OTLP type.
 *
 *   s string  b bool ("true"/"false")  i int (decimal)  d double (shortest round-trip text)
 *   y bytes (base64)  a array / k kvlist (OTLP/JSON AnyValue)  e empty
 */
import { AttrType, type AttributeColumns } from '../../model/index.js';
import type { EncodedStrings } from './encoded-strings.js';
import type { RowBinaryWriter } from './rowbinary.js';

const TYPE_LETTER = new Uint8Array(16);
TYPE_LETTER[AttrType.String] = 0x73; // s
TYPE_LETTER[AttrType.Bool] = 0x62; // b
TYPE_LETTER[AttrType.Int] = 0x69; // i
TYPE_LETTER[AttrType.Double] = 0x64; // d
TYPE_LETTER[AttrType.Bytes] = 0x79; // y
TYPE_LETTER[AttrType.Array] = 0x61; // a
TYPE_LETTER[AttrType.KvList] = 0x6b; // k
TYPE_LETTER[AttrType.Empty] = 0x65; // e

/** The map's text of a bool, int, double or empty attribute (what the exporter's layout and SQL filters see). */
function scalarText(attrs: AttributeColumns, i: number): string {
  switch (attrs.type[i]) {
    case AttrType.Bool:
      return attrs.num[i] === 1 ? 'true' : 'false';
    case AttrType.Int:
      return attrs.int[i]!.toString();
    case AttrType.Double:
      return doubleText(attrs.num[i]!);
    default:
      return '';
  }
}

export function doubleText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * Writes the keys and the values of [start, end) to two streams (a Native Map column's tuple
 * streams); the caller adds the entry count to the map's offsets stream.
 */
export function writeAttrKeysValues(keys: RowBinaryWriter, values: RowBinaryWriter, attrs: AttributeColumns, strings: EncodedStrings, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    strings.write(keys, attrs.key[i]!);
    const t = attrs.type[i];
    if (t === AttrType.String || t === AttrType.Bytes || t === AttrType.Array || t === AttrType.KvList) strings.write(values, attrs.str[i]!);
    else if (t === AttrType.Int) writeIntText(values, attrs.int, i);
    else if (t === AttrType.Bool) values.raw(attrs.num[i] === 1 ? TRUE_TEXT : FALSE_TEXT);
    else values.string(scalarText(attrs, i));
  }
}

const TRUE_TEXT = Uint8Array.of(4, ...new TextEncoder().encode('true'));
const FALSE_TEXT = Uint8Array.of(5, ...new TextEncoder().encode('false'));
const TWO_32 = 4294967296;
/** Halves of an int attribute above this (|value| >= 2^52) are printed through BigInt. */
const SAFE_HIGH = 1 << 20;

/** The last batch's ints as 32-bit halves (little-endian), made once per batch. */
let viewOf: BigInt64Array | undefined;
let view: Int32Array<ArrayBufferLike> = new Int32Array(0);

/**
 * The decimal text of int attribute i as a String, without a BigInt: reading a BigInt64Array
 * element allocates one, and its toString() another string, for every status code and size.
 */
function writeIntText(w: RowBinaryWriter, ints: BigInt64Array, i: number): void {
  if (ints !== viewOf) {
    viewOf = ints;
    view = new Int32Array(ints.buffer, ints.byteOffset, ints.length * 2);
  }
  const hi = view[2 * i + 1]!;
  if (hi >= SAFE_HIGH || hi < -SAFE_HIGH) {
    w.string(ints[i]!.toString());
    return;
  }
  let v = hi * TWO_32 + (view[2 * i]! >>> 0);
  const negative = v < 0;
  if (negative) v = -v;
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  const len = digits + (negative ? 1 : 0);
  w.ensure(len + 1);
  const buf = w.buf;
  buf[w.pos] = len;
  if (negative) buf[w.pos + 1] = 0x2d;
  let p = w.pos + len;
  for (let k = 0; k < digits; k++) {
    const q = Math.floor(v / 10);
    buf[p--] = 0x30 + (v - q * 10);
    v = q;
  }
  w.pos += len + 1;
}

/** Writes the type letters of [start, end) as a String. */
export function writeAttrTypes(w: RowBinaryWriter, attrs: AttributeColumns, start: number, end: number): void {
  const n = end - start;
  w.varuint(n);
  w.ensure(n);
  for (let i = start; i < end; i++) w.buf[w.pos++] = TYPE_LETTER[attrs.type[i]!] ?? 0x65;
}

/** One OTLP/JSON KeyValue. */
export interface OtlpKeyValue {
  key: string;
  value: Record<string, unknown>;
}

/** Rebuilds OTLP/JSON attributes from the map's keys and values and the type letters. */
export function attrsFromStored(keys: readonly string[], values: readonly string[], types: string): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (let i = 0; i < keys.length; i++) out.push({ key: keys[i]!, value: anyValueFromStored(values[i] ?? '', types.charCodeAt(i)) });
  return out;
}

export function anyValueFromStored(v: string, letter: number): Record<string, unknown> {
  switch (letter) {
    case 0x62:
      return { boolValue: v === 'true' };
    case 0x69:
      return { intValue: v };
    case 0x64: {
      const n = Number(v);
      return { doubleValue: Number.isFinite(n) ? n : v };
    }
    case 0x79:
      return { bytesValue: v };
    case 0x61:
    case 0x6b:
      return JSON.parse(v) as Record<string, unknown>;
    case 0x65:
      return {};
    default:
      // 's', and maps written by other writers (an OpenTelemetry Collector) without types
      return { stringValue: v };
  }
}

/**
 * Seconds of a retention duration (`7d`), for TTL clauses. Capped at 30 years: TTL expressions
 * are DateTime (seconds up to 2106), and a longer interval would wrap into the past and drop
 * every row as it is inserted.
 */
export const MAX_RETENTION_SECONDS = 30 * 365 * 86_400;
export function retentionSeconds(ms: number): number {
  return Math.min(MAX_RETENTION_SECONDS, Math.max(1, Math.floor(ms / 1000)));
}
