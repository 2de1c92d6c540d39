/** A LogBatch as ExportLogsServiceRequest protobuf (what the Kafka bus carries). */
import { BodyType, type LogBatch } from '../../model/index.js';
import { ProtoWriter } from '../protobuf/index.js';
import { groupByResourceScope, isZero, writeAnyValueJson, writeAttributes, writeResource, writeScope } from './proto-encode-common.js';

export function encodeLogsProtobuf(b: LogBatch): Uint8Array {
  const w = new ProtoWriter(Math.max(1024, b.count * 256));
  const s = b.strings;
  for (const [ri, scopes] of groupByResourceScope(b.count, b.resource, b.scope)) {
    const rl = w.beginLen(1);
    const res = b.resources[ri]!;
    writeResource(w, 1, res, b.attrs, s);
    for (const [si, recs] of scopes) {
      const sl = w.beginLen(2);
      const sc = b.scopes[si]!;
      writeScope(w, 1, sc, b.attrs, s);
      for (const i of recs) {
        const m = w.beginLen(2);
        w.fixed64Field(1, b.timeUnixNano[i]!);
        w.uint32Field(2, b.severityNumber[i]!);
        w.stringField(3, s[b.severityText[i]!]!);
        if (b.bodyType[i] !== BodyType.Empty) {
          const body = w.beginLen(5);
          if (b.bodyType[i] === BodyType.String) w.stringField(1, s[b.body[i]!]!, true);
          else writeAnyValueJson(w, JSON.parse(s[b.body[i]!]!) as Record<string, unknown>);
          w.endLen(body);
        }
        writeAttributes(w, 6, b.attrs, s, b.attrStart[i]!, b.attrEnd[i]!);
        w.uint32Field(7, b.droppedAttributesCount[i]!);
        w.fixed32Field(8, b.flags[i]!);
        if (!isZero(b.traceId, i * 16, i * 16 + 16)) w.bytesField(9, b.traceId.subarray(i * 16, i * 16 + 16));
        if (!isZero(b.spanId, i * 8, i * 8 + 8)) w.bytesField(10, b.spanId.subarray(i * 8, i * 8 + 8));
        w.fixed64Field(11, b.observedTimeUnixNano[i]!);
        w.stringField(12, s[b.eventName[i]!]!);
        w.endLen(m);
      }
      w.stringField(3, s[sc.schemaUrl]!);
      w.endLen(sl);
    }
    w.stringField(3, s[res.schemaUrl]!);
    w.endLen(rl);
  }
  return w.finish();
}
