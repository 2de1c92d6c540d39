/**
 * SpanBatch -> RowBinary rows of otel_traces, in TRACE_INSERT_COLUMNS order, straight from the
 * columnar batch: no object per span. Resource and scope columns repeat for every span of a
 * resource, so they are encoded once per batch entry and copied.
 */
import type { SpanBatch } from '../../model/index.js';
import { RowBinaryWriter } from '../clickhouse/rowbinary.js';
import { EncodedStrings } from '../clickhouse/encoded-strings.js';
import { writeAttrMap, writeAttrTypes } from '../clickhouse/otel-attributes.js';

/** pdata's names (SpanKind.String(), StatusCode.String()), as the Collector exporter writes them. */
export const SPAN_KIND_TEXT = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;
export const STATUS_CODE_TEXT = ['Unset', 'Ok', 'Error'] as const;

export function encodeSpanRows(b: SpanBatch, w: RowBinaryWriter): void {
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
  const ev = b.events;
  const ln = b.links;
  for (let i = 0; i < b.count; i++) {
    const rb = resourceBytes[b.resource[i]!]!;
    const sb = scopeBytes[b.scope[i]!]!;
    w.ensure(rb.length + sb.length);
    w.buf.set(rb, w.pos);
    w.pos += rb.length;
    w.buf.set(sb, w.pos);
    w.pos += sb.length;

    const start = b.startTimeUnixNano[i]!;
    w.i64(start);
    w.hex(b.traceId, i * 16, 16);
    w.hex(b.spanId, i * 8, 8);
    w.hexOrEmpty(b.parentSpanId, i * 8, 8);
    w.raw(es.get(b.traceState[i]!));
    w.raw(es.get(b.name[i]!));
    w.string(SPAN_KIND_TEXT[b.kind[i]!] ?? 'Unspecified');
    writeAttrMap(w, a, es, b.attrStart[i]!, b.attrEnd[i]!);
    writeAttrTypes(w, a, b.attrStart[i]!, b.attrEnd[i]!);
    // End before start is kept exact: UInt64 wraps and reading adds it back modulo 2^64.
    w.u64(b.endTimeUnixNano[i]! - start);
    w.string(STATUS_CODE_TEXT[b.statusCode[i]!] ?? 'Unset');
    w.raw(es.get(b.statusMessage[i]!));
    w.u32(b.flags[i]!);
    w.u32(b.droppedAttributesCount[i]!);
    w.u32(b.droppedEventsCount[i]!);
    w.u32(b.droppedLinksCount[i]!);

    const e0 = b.eventStart[i]!;
    const e1 = b.eventEnd[i]!;
    const ne = e1 - e0;
    w.varuint(ne);
    for (let e = e0; e < e1; e++) w.i64(ev.timeUnixNano[e]!);
    w.varuint(ne);
    for (let e = e0; e < e1; e++) w.raw(es.get(ev.name[e]!));
    w.varuint(ne);
    for (let e = e0; e < e1; e++) writeAttrMap(w, a, es, ev.attrStart[e]!, ev.attrEnd[e]!);
    w.varuint(ne);
    for (let e = e0; e < e1; e++) writeAttrTypes(w, a, ev.attrStart[e]!, ev.attrEnd[e]!);
    w.varuint(ne);
    for (let e = e0; e < e1; e++) w.u32(ev.droppedAttributesCount[e]!);

    const l0 = b.linkStart[i]!;
    const l1 = b.linkEnd[i]!;
    const nl = l1 - l0;
    w.varuint(nl);
    for (let l = l0; l < l1; l++) w.hex(ln.traceId, l * 16, 16);
    w.varuint(nl);
    for (let l = l0; l < l1; l++) w.hex(ln.spanId, l * 8, 8);
    w.varuint(nl);
    for (let l = l0; l < l1; l++) w.raw(es.get(ln.traceState[l]!));
    w.varuint(nl);
    for (let l = l0; l < l1; l++) writeAttrMap(w, a, es, ln.attrStart[l]!, ln.attrEnd[l]!);
    w.varuint(nl);
    for (let l = l0; l < l1; l++) writeAttrTypes(w, a, ln.attrStart[l]!, ln.attrEnd[l]!);
    w.varuint(nl);
    for (let l = l0; l < l1; l++) w.u32(ln.flags[l]!);
    w.varuint(nl);
    for (let l = l0; l < l1; l++) w.u32(ln.droppedAttributesCount[l]!);
  }
}
