/** A SpanBatch as ExportTraceServiceRequest protobuf (what the Kafka bus carries). */
import type { SpanBatch } from '../../model/index.js';
import { ProtoWriter } from '../protobuf/index.js';
import { groupByResourceScope, isZero, writeAttributes, writeResource, writeScope } from './proto-encode-common.js';

export function encodeTracesProtobuf(b: SpanBatch): Uint8Array {
  const w = new ProtoWriter(Math.max(1024, b.count * 256));
  const s = b.strings;
  for (const [ri, scopes] of groupByResourceScope(b.count, b.resource, b.scope)) {
    const rs = w.beginLen(1);
    const res = b.resources[ri]!;
    writeResource(w, 1, res, b.attrs, s);
    for (const [si, spans] of scopes) {
      const ss = w.beginLen(2);
      const sc = b.scopes[si]!;
      writeScope(w, 1, sc, b.attrs, s);
      for (const i of spans) {
        const sp = w.beginLen(2);
        w.bytesField(1, b.traceId.subarray(i * 16, i * 16 + 16));
        w.bytesField(2, b.spanId.subarray(i * 8, i * 8 + 8));
        w.stringField(3, s[b.traceState[i]!]!);
        if (!isZero(b.parentSpanId, i * 8, i * 8 + 8)) w.bytesField(4, b.parentSpanId.subarray(i * 8, i * 8 + 8));
        w.stringField(5, s[b.name[i]!]!);
        w.uint32Field(6, b.kind[i]!);
        w.fixed64Field(7, b.startTimeUnixNano[i]!);
        w.fixed64Field(8, b.endTimeUnixNano[i]!);
        writeAttributes(w, 9, b.attrs, s, b.attrStart[i]!, b.attrEnd[i]!);
        w.uint32Field(10, b.droppedAttributesCount[i]!);
        for (let e = b.eventStart[i]!; e < b.eventEnd[i]!; e++) {
          const em = w.beginLen(11);
          w.fixed64Field(1, b.events.timeUnixNano[e]!);
          w.stringField(2, s[b.events.name[e]!]!);
          writeAttributes(w, 3, b.attrs, s, b.events.attrStart[e]!, b.events.attrEnd[e]!);
          w.uint32Field(4, b.events.droppedAttributesCount[e]!);
          w.endLen(em);
        }
        w.uint32Field(12, b.droppedEventsCount[i]!);
        for (let l = b.linkStart[i]!; l < b.linkEnd[i]!; l++) {
          const lm = w.beginLen(13);
          if (!isZero(b.links.traceId, l * 16, l * 16 + 16)) w.bytesField(1, b.links.traceId.subarray(l * 16, l * 16 + 16));
          if (!isZero(b.links.spanId, l * 8, l * 8 + 8)) w.bytesField(2, b.links.spanId.subarray(l * 8, l * 8 + 8));
          w.stringField(3, s[b.links.traceState[l]!]!);
          writeAttributes(w, 4, b.attrs, s, b.links.attrStart[l]!, b.links.attrEnd[l]!);
          w.uint32Field(5, b.links.droppedAttributesCount[l]!);
          w.fixed32Field(6, b.links.flags[l]!);
          w.endLen(lm);
        }
        w.uint32Field(14, b.droppedLinksCount[i]!);
        if (b.statusCode[i] !== 0 || b.statusMessage[i] !== 0) {
          const st = w.beginLen(15);
          w.stringField(2, s[b.statusMessage[i]!]!);
          w.uint32Field(3, b.statusCode[i]!);
          w.endLen(st);
        }
        w.fixed32Field(16, b.flags[i]!);
        w.endLen(sp);
      }
      w.stringField(3, s[sc.schemaUrl]!);
      w.endLen(ss);
    }
    w.stringField(3, s[res.schemaUrl]!);
    w.endLen(rs);
  }
  return w.finish();
}
