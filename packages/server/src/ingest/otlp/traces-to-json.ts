/**
 * A SpanBatch as an OTLP/JSON ExportTraceServiceRequest (spec form: camelCase, hex ids,
 * 64-bit integers as strings; zero values omitted). Spans are grouped by resource and scope.
 * Used by tests to compare what arrived with what was sent, and by anyone who needs OTLP/JSON.
 */
import type { SpanBatch } from '../../model/index.js';
import { attrsJson } from './batch-attributes.js';
import { toHex } from './decode-state.js';

type Obj = Record<string, unknown>;

function omitEmpty(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === '' || v === 0 || v === '0' || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

export function spanBatchToJson(b: SpanBatch): { resourceSpans: Obj[] } {
  const s = b.strings;
  const byResource = new Map<number, Map<number, Obj[]>>();
  for (let i = 0; i < b.count; i++) {
    let scopes = byResource.get(b.resource[i]!);
    if (!scopes) byResource.set(b.resource[i]!, (scopes = new Map()));
    let spans = scopes.get(b.scope[i]!);
    if (!spans) scopes.set(b.scope[i]!, (spans = []));
    const events: Obj[] = [];
    for (let e = b.eventStart[i]!; e < b.eventEnd[i]!; e++) {
      events.push(omitEmpty({
        timeUnixNano: b.events.timeUnixNano[e]!.toString(),
        name: s[b.events.name[e]!],
        attributes: attrsJson(b.attrs, s, b.events.attrStart[e]!, b.events.attrEnd[e]!),
        droppedAttributesCount: b.events.droppedAttributesCount[e],
      }));
    }
    const links: Obj[] = [];
    for (let l = b.linkStart[i]!; l < b.linkEnd[i]!; l++) {
      links.push(omitEmpty({
        traceId: toHex(b.links.traceId, l * 16, l * 16 + 16),
        spanId: toHex(b.links.spanId, l * 8, l * 8 + 8),
        traceState: s[b.links.traceState[l]!],
        attributes: attrsJson(b.attrs, s, b.links.attrStart[l]!, b.links.attrEnd[l]!),
        droppedAttributesCount: b.links.droppedAttributesCount[l],
        flags: b.links.flags[l],
      }));
    }
    const parent = toHex(b.parentSpanId, i * 8, i * 8 + 8);
    spans.push(omitEmpty({
      traceId: toHex(b.traceId, i * 16, i * 16 + 16),
      spanId: toHex(b.spanId, i * 8, i * 8 + 8),
      traceState: s[b.traceState[i]!],
      parentSpanId: parent === '0000000000000000' ? '' : parent,
      flags: b.flags[i],
      name: s[b.name[i]!],
      kind: b.kind[i],
      startTimeUnixNano: b.startTimeUnixNano[i]!.toString(),
      endTimeUnixNano: b.endTimeUnixNano[i]!.toString(),
      attributes: attrsJson(b.attrs, s, b.attrStart[i]!, b.attrEnd[i]!),
      droppedAttributesCount: b.droppedAttributesCount[i],
      events,
      droppedEventsCount: b.droppedEventsCount[i],
      links,
      droppedLinksCount: b.droppedLinksCount[i],
      status: omitEmpty({ message: s[b.statusMessage[i]!], code: b.statusCode[i] }),
    }));
  }
  const resourceSpans: Obj[] = [];
  for (const [ri, scopes] of byResource) {
    const r = b.resources[ri]!;
    const scopeSpans: Obj[] = [];
    for (const [si, spans] of scopes) {
      const sc = b.scopes[si]!;
      scopeSpans.push(omitEmpty({
        scope: omitEmpty({ name: s[sc.name], version: s[sc.version], attributes: attrsJson(b.attrs, s, sc.attrStart, sc.attrEnd), droppedAttributesCount: sc.droppedAttributesCount }),
        spans,
        schemaUrl: s[sc.schemaUrl],
      }));
    }
    resourceSpans.push(omitEmpty({
      resource: omitEmpty({ attributes: attrsJson(b.attrs, s, r.attrStart, r.attrEnd), droppedAttributesCount: r.droppedAttributesCount }),
      scopeSpans,
      schemaUrl: s[r.schemaUrl],
    }));
  }
  return { resourceSpans };
}
