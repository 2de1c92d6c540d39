/** LogBatch -> RowBinary rows of otel_logs in LOG_INSERT_COLUMNS order (see traces/encode.ts). */
import { randomInt } from 'node:crypto';
import type { LogBatch } from '../../model/index.js';
import { RowBinaryWriter } from '../clickhouse/rowbinary.js';
import { EncodedStrings } from '../clickhouse/encoded-strings.js';
import { writeAttrMap, writeAttrTypes } from '../clickhouse/otel-attributes.js';

// LogId = random 32-bit process prefix (high) + a counter (low): unique enough to order
// records that share a timestamp, and cheap (two u32 writes, no BigInt per record).
const LOG_ID_HIGH = randomInt(0, 2 ** 32);
let logIdLow = 0;

export function encodeLogRows(b: LogBatch, w: RowBinaryWriter): void {
  const es = new EncodedStrings(b.strings);
  const a = b.attrs;
  const seg = new RowBinaryWriter(256);
  const resourceBytes: Buffer[] = [];
  for (const r of b.resources) {
    seg.reset();
    seg.string(b.tenant);
    seg.raw(es.get(r.serviceName));
    writeAttrMap(seg, a, es, r.attrStart, r.attrEnd);
    writeAttrTypes(seg, a, r.attrStart, r.attrEnd);
    seg.raw(es.get(r.schemaUrl));
    seg.u32(r.droppedAttributesCount);
    resourceBytes.push(Buffer.from(seg.bytes()));
  }
  const scopeBytes: Buffer[] = [];
  for (const sc of b.scopes) {
    seg.reset();
    seg.raw(es.get(sc.name));
    seg.raw(es.get(sc.version));
    writeAttrMap(seg, a, es, sc.attrStart, sc.attrEnd);
    writeAttrTypes(seg, a, sc.attrStart, sc.attrEnd);
    seg.raw(es.get(sc.schemaUrl));
    seg.u32(sc.droppedAttributesCount);
    scopeBytes.push(Buffer.from(seg.bytes()));
  }
  const now = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < b.count; i++) {
    const rb = resourceBytes[b.resource[i]!]!;
    const sb = scopeBytes[b.scope[i]!]!;
    w.ensure(rb.length + sb.length);
    w.buf.set(rb, w.pos);
    w.pos += rb.length;
    w.buf.set(sb, w.pos);
    w.pos += sb.length;
    // A record without a time is placed at its observed time (or now), as the Collector
    // exporter does, and TimestampUnset keeps the fact so that it reads back as sent.
    const time = b.timeUnixNano[i]!;
    const observed = b.observedTimeUnixNano[i]!;
    w.i64(time !== 0n ? time : observed !== 0n ? observed : now);
    w.u8(time === 0n ? 1 : 0);
    w.i64(observed);
    logIdLow = (logIdLow + 1) >>> 0;
    w.u32(logIdLow);
    w.u32(LOG_ID_HIGH);
    w.hexOrEmpty(b.traceId, i * 16, 16);
    w.hexOrEmpty(b.spanId, i * 8, 8);
    const flags = b.flags[i]!;
    w.u8(flags & 0xff);
    w.u32(flags);
    w.raw(es.get(b.severityText[i]!));
    w.u8(b.severityNumber[i]!);
    w.u8(b.bodyType[i]!);
    w.raw(es.get(b.body[i]!));
    writeAttrMap(w, a, es, b.attrStart[i]!, b.attrEnd[i]!);
    writeAttrTypes(w, a, b.attrStart[i]!, b.attrEnd[i]!);
    w.u32(b.droppedAttributesCount[i]!);
    w.raw(es.get(b.eventName[i]!));
  }
}
