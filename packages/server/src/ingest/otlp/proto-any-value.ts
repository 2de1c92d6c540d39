/**
 * OTLP KeyValue / AnyValue from protobuf into attribute columns. Scalars go into their typed
 * column; arrays and kvlists are kept as their OTLP/JSON text so that they read back exactly.
 *
 * AnyValue: 1 string_value, 2 bool_value, 3 int_value, 4 double_value, 5 array_value,
 * 6 kvlist_value, 7 bytes_value. KeyValue: 1 key, 2 value.
 */
import { AttrType, type AttributeColumnsBuilder, type StringTable } from '../../model/index.js';
import { type ProtoReader, ProtoWireError, WireType, internString, decodeUtf8 } from '../protobuf/index.js';
import { MAX_ANY_VALUE_DEPTH, type DecodeState } from './decode-state.js';

const T_STRING = (1 << 3) | WireType.Len;
const T_BOOL = (2 << 3) | WireType.Varint;
const T_INT = (3 << 3) | WireType.Varint;
const T_DOUBLE = (4 << 3) | WireType.Fixed64;
const T_ARRAY = (5 << 3) | WireType.Len;
const T_KVLIST = (6 << 3) | WireType.Len;
const T_BYTES = (7 << 3) | WireType.Len;
const T_KEY = (1 << 3) | WireType.Len;
const T_VALUE = (2 << 3) | WireType.Len;

export interface AttrSink {
  strings: StringTable;
  attrs: AttributeColumnsBuilder;
}

/**
 * Reads one KeyValue ending at `end` and appends it, unless the owner already holds
 * `maxAttributesPerItem` attributes: then it returns false and the caller counts it dropped.
 */
export function readKeyValue(r: ProtoReader, end: number, sink: AttrSink, st: DecodeState, ownerCount: number): boolean {
  let k = 0;
  let vStart = -1;
  let vEnd = -1;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === T_KEY) k = internString(r, st.interner);
    else if (tag === T_VALUE) {
      vEnd = r.lenEnd();
      vStart = r.pos;
      r.pos = vEnd;
    } else r.skip(tag & 7);
  }
  if (ownerCount >= st.limits.maxAttributesPerItem) {
    st.droppedByLimits++;
    return false;
  }
  if (vStart < 0) {
    sink.attrs.addEmpty(k);
    return true;
  }
  r.pos = vStart;
  appendAnyValue(r, vEnd, k, sink, st);
  r.pos = end;
  return true;
}

/** Appends the AnyValue in [r.pos, end) as attribute `key`. */
function appendAnyValue(r: ProtoReader, end: number, key: number, sink: AttrSink, st: DecodeState): void {
  let kind = 0;
  let sStart = 0;
  let sEnd = 0;
  let b = false;
  let i = 0n;
  let d = 0;
  let cStart = 0;
  let cEnd = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case T_STRING:
        kind = T_STRING;
        sEnd = r.lenEnd();
        sStart = r.pos;
        r.pos = sEnd;
        break;
      case T_BOOL:
        kind = T_BOOL;
        b = r.bool();
        break;
      case T_INT:
        kind = T_INT;
        i = r.int64();
        break;
      case T_DOUBLE:
        kind = T_DOUBLE;
        d = r.double();
        break;
      case T_ARRAY:
      case T_KVLIST:
      case T_BYTES:
        kind = tag;
        cEnd = r.lenEnd();
        cStart = r.pos;
        r.pos = cEnd;
        break;
      default:
        r.skip(tag & 7);
    }
  }
  const attrs = sink.attrs;
  switch (kind) {
    case T_STRING:
      // a value within the length limit in bytes is within it in characters too
      attrs.addStr(
        key,
        AttrType.String,
        sEnd - sStart <= st.limits.maxAttributeValueLength ? st.interner.intern(r.buf, sStart, sEnd) : sink.strings.intern(st.clip(decodeUtf8(r.buf, sStart, sEnd))),
      );
      return;
    case T_BOOL:
      attrs.addBool(key, b);
      return;
    case T_INT:
      attrs.addInt(key, i);
      return;
    case T_DOUBLE:
      attrs.addDouble(key, d);
      return;
    case T_BYTES:
      attrs.addStr(key, AttrType.Bytes, sink.strings.intern(st.clip(Buffer.from(r.buf.buffer, r.buf.byteOffset + cStart, cEnd - cStart).toString('base64'))));
      return;
    case T_ARRAY:
    case T_KVLIST: {
      r.pos = cStart;
      const json = JSON.stringify(kind === T_ARRAY ? { arrayValue: arrayToJson(r, cEnd, 1) } : { kvlistValue: kvlistToJson(r, cEnd, 1) });
      attrs.addStr(key, kind === T_ARRAY ? AttrType.Array : AttrType.KvList, sink.strings.intern(json));
      return;
    }
    default:
      attrs.addEmpty(key);
  }
}

/** The OTLP/JSON object form of the AnyValue in [r.pos, end) (e.g. `{"intValue":"5"}`). */
export function anyValueToJson(r: ProtoReader, end: number, depth: number): Record<string, unknown> {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new ProtoWireError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH}`, r.pos);
  let out: Record<string, unknown> = {};
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case T_STRING:
        out = { stringValue: r.string() };
        break;
      case T_BOOL:
        out = { boolValue: r.bool() };
        break;
      case T_INT:
        out = { intValue: r.int64().toString() };
        break;
      case T_DOUBLE: {
        const v = r.double();
        out = { doubleValue: Number.isFinite(v) ? v : String(v) };
        break;
      }
      case T_BYTES:
        out = { bytesValue: Buffer.from(r.bytes()).toString('base64') };
        break;
      case T_ARRAY: {
        const e = r.lenEnd();
        out = { arrayValue: arrayToJson(r, e, depth + 1) };
        r.pos = e;
        break;
      }
      case T_KVLIST: {
        const e = r.lenEnd();
        out = { kvlistValue: kvlistToJson(r, e, depth + 1) };
        r.pos = e;
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  return out;
}

function arrayToJson(r: ProtoReader, end: number, depth: number): { values: unknown[] } {
  const values: unknown[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === T_KEY) {
      // ArrayValue.values is field 1, a length-delimited AnyValue
      const e = r.lenEnd();
      values.push(anyValueToJson(r, e, depth + 1));
      r.pos = e;
    } else r.skip(tag & 7);
  }
  return { values };
}

function kvlistToJson(r: ProtoReader, end: number, depth: number): { values: unknown[] } {
  const values: unknown[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === T_KEY) {
      const e = r.lenEnd();
      let key = '';
      let value: Record<string, unknown> = {};
      while (r.pos < e) {
        const t = r.tag();
        if (t === T_KEY) key = r.string();
        else if (t === T_VALUE) {
          const ve = r.lenEnd();
          value = anyValueToJson(r, ve, depth + 1);
          r.pos = ve;
        } else r.skip(t & 7);
      }
      values.push({ key, value });
      r.pos = e;
    } else r.skip(tag & 7);
  }
  return { values };
}

/**
 * A log body: strings stay text; any other AnyValue is kept as its OTLP/JSON text.
 * Returns [bodyType, text].
 */
export function readBody(r: ProtoReader, end: number): [0 | 1 | 2, string] {
  const start = r.pos;
  let onlyString: string | undefined;
  let fields = 0;
  while (r.pos < end) {
    const tag = r.tag();
    fields++;
    if (tag === T_STRING) onlyString = r.string();
    else {
      onlyString = undefined;
      r.skip(tag & 7);
    }
  }
  if (fields === 0) return [0, ''];
  if (onlyString !== undefined) return [1, onlyString];
  r.pos = start;
  const json = anyValueToJson(r, end, 1);
  return Object.keys(json).length === 0 ? [0, ''] : [2, JSON.stringify(json)];
}
