/** Writing attributes, resources and scopes of a batch back as OTLP protobuf. */
import { AttrType, type AttributeColumns, type ResourceEntry, type ScopeEntry } from '../../model/index.js';
import type { ProtoWriter } from '../protobuf/index.js';

/** AnyValue fields: 1 string, 2 bool, 3 int, 4 double, 5 array, 6 kvlist, 7 bytes. */
export function writeAnyValueJson(w: ProtoWriter, v: Record<string, unknown>): void {
  if (typeof v.stringValue === 'string') w.stringField(1, v.stringValue, true);
  else if (typeof v.boolValue === 'boolean') {
    w.tag(2, 0);
    w.varint(v.boolValue ? 1 : 0);
  } else if (v.intValue !== undefined) {
    w.tag(3, 0);
    w.varintBig(BigInt(v.intValue as string));
  } else if (v.doubleValue !== undefined) w.doubleField(4, Number(v.doubleValue), true);
  else if (typeof v.bytesValue === 'string') w.bytesField(7, Buffer.from(v.bytesValue, 'base64'), true);
  else if (v.arrayValue !== undefined) {
    const m = w.beginLen(5);
    for (const e of (v.arrayValue as { values?: Record<string, unknown>[] }).values ?? []) {
      const x = w.beginLen(1);
      writeAnyValueJson(w, e);
      w.endLen(x);
    }
    w.endLen(m);
  } else if (v.kvlistValue !== undefined) {
    const m = w.beginLen(6);
    for (const kv of (v.kvlistValue as { values?: { key: string; value: Record<string, unknown> }[] }).values ?? []) {
      const x = w.beginLen(1);
      w.stringField(1, kv.key);
      const y = w.beginLen(2);
      writeAnyValueJson(w, kv.value ?? {});
      w.endLen(y);
      w.endLen(x);
    }
    w.endLen(m);
  }
}

/** Writes attributes [start, end) as repeated KeyValue under `field`. */
export function writeAttributes(w: ProtoWriter, field: number, attrs: AttributeColumns, strings: readonly string[], start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const kv = w.beginLen(field);
    w.stringField(1, strings[attrs.key[i]!]!);
    const v = w.beginLen(2);
    switch (attrs.type[i]) {
      case AttrType.String:
        w.stringField(1, strings[attrs.str[i]!]!, true);
        break;
      case AttrType.Bool:
        w.tag(2, 0);
        w.varint(attrs.num[i] === 1 ? 1 : 0);
        break;
      case AttrType.Int:
        w.tag(3, 0);
        w.varintBig(attrs.int[i]!);
        break;
      case AttrType.Double:
        w.doubleField(4, attrs.num[i]!, true);
        break;
      case AttrType.Bytes:
        w.bytesField(7, Buffer.from(strings[attrs.str[i]!]!, 'base64'), true);
        break;
      case AttrType.Array:
      case AttrType.KvList:
        writeAnyValueJson(w, JSON.parse(strings[attrs.str[i]!]!) as Record<string, unknown>);
        break;
      default:
        break;
    }
    w.endLen(v);
    w.endLen(kv);
  }
}

export function writeResource(w: ProtoWriter, field: number, r: ResourceEntry, attrs: AttributeColumns, strings: readonly string[]): void {
  const m = w.beginLen(field);
  writeAttributes(w, 1, attrs, strings, r.attrStart, r.attrEnd);
  w.uint32Field(2, r.droppedAttributesCount);
  w.endLen(m);
}

export function writeScope(w: ProtoWriter, field: number, s: ScopeEntry, attrs: AttributeColumns, strings: readonly string[]): void {
  const m = w.beginLen(field);
  w.stringField(1, strings[s.name]!);
  w.stringField(2, strings[s.version]!);
  writeAttributes(w, 3, attrs, strings, s.attrStart, s.attrEnd);
  w.uint32Field(4, s.droppedAttributesCount);
  w.endLen(m);
}

/** Item indexes grouped by resource, then scope, in first-seen order. */
export function groupByResourceScope(count: number, resource: Uint32Array, scope: Uint32Array): Map<number, Map<number, number[]>> {
  const out = new Map<number, Map<number, number[]>>();
  for (let i = 0; i < count; i++) {
    let scopes = out.get(resource[i]!);
    if (!scopes) out.set(resource[i]!, (scopes = new Map()));
    let items = scopes.get(scope[i]!);
    if (!items) scopes.set(scope[i]!, (items = []));
    items.push(i);
  }
  return out;
}

export function isZero(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}
