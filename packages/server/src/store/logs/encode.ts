/** LogBatch -> the columns of otel_logs (LOG_NATIVE_COLUMNS) in a Native block (see traces/encode.ts). */
import { randomInt } from 'node:crypto';
import type { LogBatch } from '../../model/index.js';
import { EncodedStrings } from '../clickhouse/encoded-strings.js';
import { writeAttrKeysValues, writeAttrTypes } from '../clickhouse/otel-attributes.js';
import { columnIndex, type NativeBlock, type NativeColumn } from '../clickhouse/native/native-block.js';
import { RESOURCE_SCOPE_COLUMNS, ResourceScopeWriter } from '../clickhouse/native/resource-scope-columns.js';

/** Insert columns and the types they are sent as (the engine converts to LowCardinality). */
export const LOG_NATIVE_COLUMNS: readonly NativeColumn[] = [
  ...RESOURCE_SCOPE_COLUMNS,
  { name: 'Timestamp', type: 'DateTime64(9)' },
  { name: 'TimestampUnset', type: 'UInt8' },
  { name: 'ObservedTimestamp', type: 'DateTime64(9)' },
  { name: 'LogId', type: 'UInt64' },
  { name: 'TraceId', type: 'String' },
  { name: 'SpanId', type: 'String' },
  { name: 'TraceFlags', type: 'UInt8' },
  { name: 'Flags', type: 'UInt32' },
  { name: 'SeverityText', type: 'String' },
  { name: 'SeverityNumber', type: 'UInt8' },
  { name: 'BodyType', type: 'UInt8' },
  { name: 'Body', type: 'String' },
  { name: 'LogAttributes', type: 'Map(String, String)' },
  { name: 'LogAttributeTypes', type: 'String' },
  { name: 'DroppedAttributesCount', type: 'UInt32' },
  { name: 'EventName', type: 'String' },
];

const col = columnIndex(LOG_NATIVE_COLUMNS, 'otel_logs');
const [TIME, UNSET, OBSERVED, LOG_ID, TRACE_ID, SPAN_ID, TRACE_FLAGS, FLAGS, SEV_TEXT, SEV_NUM, BODY_TYPE, BODY, ATTRS, ATTR_TYPES, DROPPED, EVENT_NAME] = [
  'Timestamp', 'TimestampUnset', 'ObservedTimestamp', 'LogId', 'TraceId', 'SpanId', 'TraceFlags', 'Flags', 'SeverityText', 'SeverityNumber',
  'BodyType', 'Body', 'LogAttributes', 'LogAttributeTypes', 'DroppedAttributesCount', 'EventName',
].map(col) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

// LogId = random 32-bit process prefix (high) + a counter (low): unique enough to order
// records that share a timestamp, and cheap (two u32 writes, no BigInt per record).
const LOG_ID_HIGH = randomInt(0, 2 ** 32);
let logIdLow = 0;

export function encodeLogColumns(b: LogBatch, blk: NativeBlock): void {
  const es = new EncodedStrings(b.strings);
  const a = b.attrs;
  const n = b.count;
  const rs = new ResourceScopeWriter(b, es, blk);
  for (let i = 0; i < n; i++) rs.row(b.resource[i]!, b.scope[i]!);
  const time = blk.stream(TIME);
  const unset = blk.stream(UNSET);
  const logId = blk.stream(LOG_ID);
  const traceId = blk.stream(TRACE_ID);
  const spanId = blk.stream(SPAN_ID);
  const traceFlags = blk.stream(TRACE_FLAGS);
  const sevText = blk.stream(SEV_TEXT);
  const body = blk.stream(BODY);
  const attrOff = blk.offsetStream(ATTRS);
  const keys = blk.stream(ATTRS, 1);
  const values = blk.stream(ATTRS, 2);
  const types = blk.stream(ATTR_TYPES);
  const eventName = blk.stream(EVENT_NAME);
  const now = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < n; i++) {
    // A record without a time is placed at its observed time (or now), as the Collector
    // exporter does, and TimestampUnset keeps the fact so that it reads back as sent.
    const t = b.timeUnixNano[i]!;
    const observed = b.observedTimeUnixNano[i]!;
    time.i64(t !== 0n ? t : observed !== 0n ? observed : now);
    unset.u8(t === 0n ? 1 : 0);
    logIdLow = (logIdLow + 1) >>> 0;
    logId.u32(logIdLow);
    logId.u32(LOG_ID_HIGH);
    traceId.hexOrEmpty(b.traceId, i * 16, 16);
    spanId.hexOrEmpty(b.spanId, i * 8, 8);
    traceFlags.u8(b.flags[i]! & 0xff);
    es.write(sevText, b.severityText[i]!);
    es.write(body, b.body[i]!);
    attrOff.add(b.attrEnd[i]! - b.attrStart[i]!);
    writeAttrKeysValues(keys, values, a, es, b.attrStart[i]!, b.attrEnd[i]!);
    writeAttrTypes(types, a, b.attrStart[i]!, b.attrEnd[i]!);
    es.write(eventName, b.eventName[i]!);
  }
  blk.stream(OBSERVED).elements(b.observedTimeUnixNano, 0, n);
  blk.stream(FLAGS).elements(b.flags, 0, n);
  blk.stream(SEV_NUM).elements(b.severityNumber, 0, n);
  blk.stream(BODY_TYPE).elements(b.bodyType, 0, n);
  blk.stream(DROPPED).elements(b.droppedAttributesCount, 0, n);
  blk.rows += n;
}
