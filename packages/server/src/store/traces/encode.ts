/**
 * SpanBatch -> the columns of otel_traces (TRACE_NATIVE_COLUMNS) in a Native block, straight
 * from the columnar batch: no object per span. Fixed-width columns that the batch already holds
 * as typed arrays (start time, flags, dropped counts) are copied whole; resource and scope
 * columns repeat per span and are encoded once per batch (resource-scope-columns.ts).
 */
import type { SpanBatch } from '../../model/index.js';
import { EncodedStrings } from '../clickhouse/encoded-strings.js';
import { writeAttrKeysValues, writeAttrTypes } from '../clickhouse/otel-attributes.js';
import { columnIndex, type NativeBlock, type NativeColumn, type OffsetStream } from '../clickhouse/native/native-block.js';
import { RESOURCE_SCOPE_COLUMNS, ResourceScopeWriter } from '../clickhouse/native/resource-scope-columns.js';

/** pdata's names (SpanKind.String(), StatusCode.String()), as the Collector exporter writes them. */
export const SPAN_KIND_TEXT = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;
export const STATUS_CODE_TEXT = ['Unset', 'Ok', 'Error'] as const;

/** Insert columns and the types they are sent as (the engine converts to LowCardinality). */
export const TRACE_NATIVE_COLUMNS: readonly NativeColumn[] = [
  ...RESOURCE_SCOPE_COLUMNS,
  { name: 'Timestamp', type: 'DateTime64(9)' },
  { name: 'TraceId', type: 'String' },
  { name: 'SpanId', type: 'String' },
  { name: 'ParentSpanId', type: 'String' },
  { name: 'TraceState', type: 'String' },
  { name: 'SpanName', type: 'String' },
  { name: 'SpanKind', type: 'String' },
  { name: 'SpanAttributes', type: 'Map(String, String)' },
  { name: 'SpanAttributeTypes', type: 'String' },
  { name: 'Duration', type: 'UInt64' },
  { name: 'StatusCode', type: 'String' },
  { name: 'StatusMessage', type: 'String' },
  { name: 'Flags', type: 'UInt32' },
  { name: 'DroppedAttributesCount', type: 'UInt32' },
  { name: 'DroppedEventsCount', type: 'UInt32' },
  { name: 'DroppedLinksCount', type: 'UInt32' },
  { name: 'Events.Timestamp', type: 'Array(DateTime64(9))' },
  { name: 'Events.Name', type: 'Array(String)' },
  { name: 'Events.Attributes', type: 'Array(Map(String, String))' },
  { name: 'Events.AttributeTypes', type: 'Array(String)' },
  { name: 'Events.DroppedAttributesCount', type: 'Array(UInt32)' },
  { name: 'Links.TraceId', type: 'Array(String)' },
  { name: 'Links.SpanId', type: 'Array(String)' },
  { name: 'Links.TraceState', type: 'Array(String)' },
  { name: 'Links.Attributes', type: 'Array(Map(String, String))' },
  { name: 'Links.AttributeTypes', type: 'Array(String)' },
  { name: 'Links.Flags', type: 'Array(UInt32)' },
  { name: 'Links.DroppedAttributesCount', type: 'Array(UInt32)' },
];

const col = columnIndex(TRACE_NATIVE_COLUMNS, 'otel_traces');
const TIMESTAMP = col('Timestamp');
const [TRACE_ID, SPAN_ID, PARENT, TRACE_STATE, NAME, KIND, ATTRS, ATTR_TYPES, DURATION, STATUS, STATUS_MESSAGE] = [
  'TraceId', 'SpanId', 'ParentSpanId', 'TraceState', 'SpanName', 'SpanKind', 'SpanAttributes', 'SpanAttributeTypes', 'Duration', 'StatusCode', 'StatusMessage',
].map(col) as [number, number, number, number, number, number, number, number, number, number, number];
const FIXED_U32 = ['Flags', 'DroppedAttributesCount', 'DroppedEventsCount', 'DroppedLinksCount'].map(col);
const EVENT = ['Events.Timestamp', 'Events.Name', 'Events.Attributes', 'Events.AttributeTypes', 'Events.DroppedAttributesCount'].map(col) as [number, number, number, number, number];
const LINK = ['Links.TraceId', 'Links.SpanId', 'Links.TraceState', 'Links.Attributes', 'Links.AttributeTypes', 'Links.Flags', 'Links.DroppedAttributesCount'].map(col) as [number, number, number, number, number, number, number];

const KIND_BYTES = SPAN_KIND_TEXT.map((t) => Buffer.from([t.length, ...Buffer.from(t)]));
const STATUS_BYTES = STATUS_CODE_TEXT.map((t) => Buffer.from([t.length, ...Buffer.from(t)]));

export function encodeSpanColumns(b: SpanBatch, blk: NativeBlock): void {
  const es = new EncodedStrings(b.strings);
  const a = b.attrs;
  const n = b.count;
  const rs = new ResourceScopeWriter(b, es, blk);
  for (let i = 0; i < n; i++) rs.row(b.resource[i]!, b.scope[i]!);

  blk.stream(TIMESTAMP).elements(b.startTimeUnixNano, 0, n);
  const traceId = blk.stream(TRACE_ID);
  const spanId = blk.stream(SPAN_ID);
  const parent = blk.stream(PARENT);
  const traceState = blk.stream(TRACE_STATE);
  const name = blk.stream(NAME);
  const kind = blk.stream(KIND);
  const attrOff = blk.offsetStream(ATTRS);
  const attrKeys = blk.stream(ATTRS, 1);
  const attrValues = blk.stream(ATTRS, 2);
  const attrTypes = blk.stream(ATTR_TYPES);
  const duration = blk.stream(DURATION);
  const status = blk.stream(STATUS);
  const statusMessage = blk.stream(STATUS_MESSAGE);
  // Duration is end - start modulo 2^64 (an end before the start reads back exact), in 32-bit halves
  const start32 = new Uint32Array(b.startTimeUnixNano.buffer, b.startTimeUnixNano.byteOffset, 2 * n);
  const end32 = new Uint32Array(b.endTimeUnixNano.buffer, b.endTimeUnixNano.byteOffset, 2 * n);
  duration.ensure(8 * n);
  for (let i = 0; i < n; i++) {
    traceId.hex(b.traceId, i * 16, 16);
    spanId.hex(b.spanId, i * 8, 8);
    parent.hexOrEmpty(b.parentSpanId, i * 8, 8);
    es.write(traceState, b.traceState[i]!);
    es.write(name, b.name[i]!);
    kind.raw(KIND_BYTES[b.kind[i]!] ?? KIND_BYTES[0]!);
    attrOff.add(b.attrEnd[i]! - b.attrStart[i]!);
    writeAttrKeysValues(attrKeys, attrValues, a, es, b.attrStart[i]!, b.attrEnd[i]!);
    writeAttrTypes(attrTypes, a, b.attrStart[i]!, b.attrEnd[i]!);
    const sLo = start32[2 * i]!;
    const eLo = end32[2 * i]!;
    const borrow = eLo < sLo ? 1 : 0;
    duration.buf.writeUInt32LE((eLo - sLo) >>> 0, duration.pos);
    duration.buf.writeUInt32LE((end32[2 * i + 1]! - start32[2 * i + 1]! - borrow) >>> 0, duration.pos + 4);
    duration.pos += 8;
    status.raw(STATUS_BYTES[b.statusCode[i]!] ?? STATUS_BYTES[0]!);
    es.write(statusMessage, b.statusMessage[i]!);
  }
  const fixed = [b.flags, b.droppedAttributesCount, b.droppedEventsCount, b.droppedLinksCount];
  for (let k = 0; k < fixed.length; k++) blk.stream(FIXED_U32[k]!).elements(fixed[k]!, 0, n);
  writeEvents(b, es, blk);
  writeLinks(b, es, blk);
  blk.rows += n;
}

function writeEvents(b: SpanBatch, es: EncodedStrings, blk: NativeBlock): void {
  const ev = b.events;
  const a = b.attrs;
  // the columns of one Nested share their array offsets: written once, copied to the others
  const [off, ...sameOffs] = EVENT.map((c) => blk.offsetStream(c)) as [OffsetStream, ...OffsetStream[]];
  const offFrom = off.w.pos;
  const time = blk.stream(EVENT[0], 1);
  const name = blk.stream(EVENT[1], 1);
  const mapOff = blk.offsetStream(EVENT[2], 1);
  const keys = blk.stream(EVENT[2], 2);
  const values = blk.stream(EVENT[2], 3);
  const types = blk.stream(EVENT[3], 1);
  const dropped = blk.stream(EVENT[4], 1);
  for (let i = 0; i < b.count; i++) {
    const e0 = b.eventStart[i]!;
    const e1 = b.eventEnd[i]!;
    off.add(e1 - e0);
    if (e1 === e0) continue;
    time.elements(ev.timeUnixNano, e0, e1);
    dropped.elements(ev.droppedAttributesCount, e0, e1);
    for (let e = e0; e < e1; e++) {
      es.write(name, ev.name[e]!);
      mapOff.add(ev.attrEnd[e]! - ev.attrStart[e]!);
      writeAttrKeysValues(keys, values, a, es, ev.attrStart[e]!, ev.attrEnd[e]!);
      writeAttrTypes(types, a, ev.attrStart[e]!, ev.attrEnd[e]!);
    }
  }
  for (const o of sameOffs) o.copyFrom(off, offFrom);
}

function writeLinks(b: SpanBatch, es: EncodedStrings, blk: NativeBlock): void {
  const ln = b.links;
  const a = b.attrs;
  // the columns of one Nested share their array offsets: written once, copied to the others
  const [off, ...sameOffs] = LINK.map((c) => blk.offsetStream(c)) as [OffsetStream, ...OffsetStream[]];
  const offFrom = off.w.pos;
  const traceId = blk.stream(LINK[0], 1);
  const spanId = blk.stream(LINK[1], 1);
  const traceState = blk.stream(LINK[2], 1);
  const mapOff = blk.offsetStream(LINK[3], 1);
  const keys = blk.stream(LINK[3], 2);
  const values = blk.stream(LINK[3], 3);
  const types = blk.stream(LINK[4], 1);
  const flags = blk.stream(LINK[5], 1);
  const dropped = blk.stream(LINK[6], 1);
  for (let i = 0; i < b.count; i++) {
    const l0 = b.linkStart[i]!;
    const l1 = b.linkEnd[i]!;
    off.add(l1 - l0);
    if (l1 === l0) continue;
    flags.elements(ln.flags, l0, l1);
    dropped.elements(ln.droppedAttributesCount, l0, l1);
    for (let l = l0; l < l1; l++) {
      traceId.hex(ln.traceId, l * 16, 16);
      spanId.hex(ln.spanId, l * 8, 8);
      es.write(traceState, ln.traceState[l]!);
      mapOff.add(ln.attrEnd[l]! - ln.attrStart[l]!);
      writeAttrKeysValues(keys, values, a, es, ln.attrStart[l]!, ln.attrEnd[l]!);
      writeAttrTypes(types, a, ln.attrStart[l]!, ln.attrEnd[l]!);
    }
  }
  for (const o of sameOffs) o.copyFrom(off, offFrom);
}
