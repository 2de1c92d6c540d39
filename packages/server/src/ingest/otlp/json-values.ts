/**
 * Readers for OTLP/JSON values, per the spec's JSON Protobuf Encoding and as leniently as the
 * Collector: lowerCamelCase or snake_case keys, 64-bit integers as numbers or decimal strings,
 * enums as integers or names, ids as case-insensitive hex. Unknown keys are ignored. A value
 * of the wrong type fails the whole request with its path.
 */
import { AttrType, type AttributeColumnsBuilder, type ResourceEntry, type ScopeEntry, type StringTable } from '../../model/index.js';
import { MAX_ANY_VALUE_DEPTH, type DecodeState } from './decode-state.js';

export type JsonObject = Record<string, unknown>;

/** The value under the camelCase key or its snake_case twin. */
export function pick(o: JsonObject, camel: string, snake?: string): unknown {
  const v = o[camel];
  if (v !== undefined) return v;
  return snake === undefined ? undefined : o[snake];
}

export function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** A field by its camelCase name, or its snake_case form. */
export function get(o: JsonObject, camel: string): unknown {
  const v = o[camel];
  if (v !== undefined) return v;
  return o[snake(camel)];
}

export function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function asObject(v: unknown, st: DecodeState, field?: string): JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw st.fail(field, `expected an object, got ${typeName(v)}`);
  return v as JsonObject;
}

/** A repeated field: absent or null reads as empty. */
export function asArray(v: unknown, st: DecodeState, field: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw st.fail(field, `expected an array, got ${typeName(v)}`);
  return v;
}

export function asString(v: unknown, st: DecodeState, field: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw st.fail(field, `expected a string, got ${typeName(v)}`);
  return v;
}

const DECIMAL = /^-?\d+$/;

/** A 64-bit integer as a number or decimal string; `unsigned` for fixed64/uint64. */
export function asInt64(v: unknown, st: DecodeState, field: string, unsigned: boolean): bigint {
  if (v === undefined || v === null) return 0n;
  let n: bigint;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw st.fail(field, `expected an integer, got ${v}`);
    n = BigInt(v);
  } else if (typeof v === 'string' && DECIMAL.test(v)) n = BigInt(v);
  else throw st.fail(field, `expected a 64-bit integer as number or decimal string, got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeName(v)}`);
  if (unsigned ? n < 0n || n > 0xffffffffffffffffn : n < -0x8000000000000000n || n > 0x7fffffffffffffffn) {
    throw st.fail(field, `${n} is out of range for ${unsigned ? 'uint64' : 'int64'}`);
  }
  return n;
}

/** uint32 (counts, flags) as a number or decimal string. */
export function asUint32(v: unknown, st: DecodeState, field: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw st.fail(field, `expected a uint32, got ${JSON.stringify(v)}`);
  return n;
}

/** An enum as its integer or its name (e.g. SPAN_KIND_SERVER). Unknown names fail the request. */
export function asEnum(v: unknown, st: DecodeState, field: string, names: readonly string[]): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const i = names.indexOf(v);
    if (i >= 0) return i;
    if (DECIMAL.test(v)) return Number(v);
    throw st.fail(field, `unknown enum value ${JSON.stringify(v.slice(0, 60))}`);
  }
  throw st.fail(field, `expected an enum integer or name, got ${typeName(v)}`);
}

const HEX_RE = /^[0-9a-fA-F]*$/;

/**
 * A hex id into `into` at `at`. Empty or absent: false (the id is absent). Wrong length or
 * non-hex characters fail the request. Returns false for an all-zero id as well.
 */
export function readHexId(v: unknown, into: Uint8Array, at: number, size: number, st: DecodeState, field: string): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (typeof v !== 'string') throw st.fail(field, `expected a hex string, got ${typeName(v)}`);
  if (!HEX_RE.test(v)) throw st.fail(field, `expected hex, got ${JSON.stringify(v.slice(0, 64))}`);
  if (v.length !== size * 2) throw st.fail(field, `expected ${size} bytes, got ${v.length % 2 === 0 ? v.length / 2 : `${v.length} hex digits`}`);
  let zero = true;
  for (let k = 0; k < size; k++) {
    const byte = parseInt(v.substr(k * 2, 2), 16);
    into[at + k] = byte;
    if (byte !== 0) zero = false;
  }
  return !zero;
}

export interface JsonAttrSink {
  strings: StringTable;
  attrs: AttributeColumnsBuilder;
}

/**
 * Appends a `attributes` list (KeyValue[]) to the sink, dropping beyond the limit.
 * Returns how many were dropped.
 */
export function readAttributes(list: unknown, sink: JsonAttrSink, st: DecodeState, field = 'attributes'): number {
  const arr = asArray(list, st, field);
  const max = st.limits.maxAttributesPerItem;
  let added = 0;
  let dropped = 0;
  for (let k = 0; k < arr.length; k++) {
    st.enter(field, k);
    const kv = asObject(arr[k], st);
    const key = asString(kv.key, st, 'key');
    const value = kv.value;
    if (added >= max) {
      // still validated, so that a bad value beyond the limit is not silently accepted
      normalizeAnyValue(value, st, 'value', 1);
      dropped++;
      st.droppedByLimits++;
    } else {
      appendJsonAnyValue(value, sink.strings.intern(key), sink, st);
      added++;
    }
    st.leave(2);
  }
  return dropped;
}

function appendJsonAnyValue(value: unknown, key: number, sink: JsonAttrSink, st: DecodeState): void {
  const norm = normalizeAnyValue(value, st, 'value', 1);
  const attrs = sink.attrs;
  const s = sink.strings;
  if ('stringValue' in norm) attrs.addStr(key, AttrType.String, s.intern(st.clip(norm.stringValue as string)));
  else if ('boolValue' in norm) attrs.addBool(key, norm.boolValue as boolean);
  else if ('intValue' in norm) attrs.addInt(key, BigInt(norm.intValue as string));
  else if ('doubleValue' in norm) attrs.addDouble(key, Number(norm.doubleValue));
  else if ('bytesValue' in norm) attrs.addStr(key, AttrType.Bytes, s.intern(st.clip(norm.bytesValue as string)));
  else if ('arrayValue' in norm) attrs.addStr(key, AttrType.Array, s.intern(JSON.stringify(norm)));
  else if ('kvlistValue' in norm) attrs.addStr(key, AttrType.KvList, s.intern(JSON.stringify(norm)));
  else attrs.addEmpty(key);
}

const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Validates an AnyValue and returns its canonical OTLP/JSON form (camelCase keys, intValue
 * as a decimal string, bytes as standard base64), the form stored for arrays and kvlists.
 */
export function normalizeAnyValue(v: unknown, st: DecodeState, field: string, depth: number): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (depth > MAX_ANY_VALUE_DEPTH) throw st.fail(field, `AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  const o = asObject(v, st, field);
  let x: unknown;
  if ((x = get(o, 'stringValue')) !== undefined && x !== null) {
    if (typeof x !== 'string') throw st.fail(`${field}.stringValue`, `expected a string, got ${typeName(x)}`);
    return { stringValue: x };
  }
  if ((x = get(o, 'boolValue')) !== undefined && x !== null) {
    if (typeof x !== 'boolean') throw st.fail(`${field}.boolValue`, `expected a boolean, got ${typeName(x)}`);
    return { boolValue: x };
  }
  if ((x = get(o, 'intValue')) !== undefined && x !== null) return { intValue: asInt64(x, st, `${field}.intValue`, false).toString() };
  if ((x = get(o, 'doubleValue')) !== undefined && x !== null) {
    if (typeof x === 'number') return { doubleValue: x };
    if (x === 'NaN' || x === 'Infinity' || x === '-Infinity') return { doubleValue: x };
    if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return { doubleValue: Number(x) };
    throw st.fail(`${field}.doubleValue`, `expected a number, got ${typeName(x)}`);
  }
  if ((x = get(o, 'bytesValue')) !== undefined && x !== null) {
    if (typeof x !== 'string' || !BASE64_RE.test(x)) throw st.fail(`${field}.bytesValue`, 'expected base64 text');
    return { bytesValue: Buffer.from(x, 'base64').toString('base64') };
  }
  if ((x = get(o, 'arrayValue')) !== undefined && x !== null) {
    const arr = asObject(x, st, `${field}.arrayValue`);
    const values = asArray(arr.values, st, `${field}.arrayValue.values`).map((e, k) => normalizeAnyValue(e, st, `${field}.arrayValue.values[${k}]`, depth + 1));
    return { arrayValue: { values } };
  }
  if ((x = get(o, 'kvlistValue')) !== undefined && x !== null) {
    const kv = asObject(x, st, `${field}.kvlistValue`);
    const values = asArray(kv.values, st, `${field}.kvlistValue.values`).map((e, k) => {
      const path = `${field}.kvlistValue.values[${k}]`;
      const item = asObject(e, st, path);
      return { key: asString(item.key, st, `${path}.key`), value: normalizeAnyValue(item.value, st, `${path}.value`, depth + 1) };
    });
    return { kvlistValue: { values } };
  }
  return {};
}

/** A log body: text stays text, other AnyValues keep their canonical JSON. */
export function readJsonBody(v: unknown, st: DecodeState): [0 | 1 | 2, string] {
  const norm = normalizeAnyValue(v, st, 'body', 1);
  if ('stringValue' in norm) return [1, norm.stringValue as string];
  if (Object.keys(norm).length === 0) return [0, ''];
  return [2, JSON.stringify(norm)];
}

export function readJsonResource(v: unknown, sink: JsonAttrSink, st: DecodeState, res: ResourceEntry): void {
  if (v === undefined || v === null) return;
  st.enter1('resource');
  const o = asObject(v, st);
  res.attrStart = sink.attrs.count;
  res.droppedAttributesCount = readAttributes(o.attributes, sink, st) + asUint32(get(o, 'droppedAttributesCount'), st, 'droppedAttributesCount');
  res.attrEnd = sink.attrs.count;
  for (let i = res.attrStart; i < res.attrEnd; i++) {
    if (sink.attrs.type[i] === AttrType.String && sink.strings.strings[sink.attrs.key[i]!] === 'service.name') res.serviceName = sink.attrs.str[i]!;
  }
  st.leave(1);
}

export function readJsonScope(v: unknown, sink: JsonAttrSink, st: DecodeState, scope: ScopeEntry): void {
  if (v === undefined || v === null) return;
  st.enter1('scope');
  const o = asObject(v, st);
  scope.name = sink.strings.intern(asString(o.name, st, 'name'));
  scope.version = sink.strings.intern(asString(o.version, st, 'version'));
  scope.attrStart = sink.attrs.count;
  scope.droppedAttributesCount = readAttributes(o.attributes, sink, st) + asUint32(get(o, 'droppedAttributesCount'), st, 'droppedAttributesCount');
  scope.attrEnd = sink.attrs.count;
  st.leave(1);
}
