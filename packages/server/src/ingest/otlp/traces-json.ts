/** ExportTraceServiceRequest in OTLP/JSON (already parsed) into a SpanBatch; rules as in traces-protobuf.ts. */
import { SpanBatchBuilder, type DecodeContext, type DecodeResult, type SpanBatch } from '../../model/index.js';
import { DecodeState } from './decode-state.js';
import { newResource, newScope } from './proto-resource.js';
import {
  asArray, asEnum, asInt64, asObject, asString, asUint32, get, readAttributes, readHexId, readJsonResource, readJsonScope, type JsonObject,
} from './json-values.js';

export const SPAN_KIND_NAMES = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'] as const;
export const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

export function decodeTracesJson(body: unknown, ctx: DecodeContext): DecodeResult<SpanBatch> {
  const st = new DecodeState(ctx.limits);
  const b = new SpanBatchBuilder(ctx.tenant);
  const root = asObject(body, st);
  const rss = asArray(get(root, 'resourceSpans'), st, 'resourceSpans');
  for (let ri = 0; ri < rss.length; ri++) {
    st.enter('resourceSpans', ri);
    const rs = asObject(rss[ri], st);
    const resIdx = b.resources.length;
    const res = newResource(b);
    b.resources.push(res);
    readJsonResource(rs.resource, b, st, res);
    res.schemaUrl = b.strings.intern(asString(get(rs, 'schemaUrl'), st, 'schemaUrl'));
    const sss = asArray(get(rs, 'scopeSpans'), st, 'scopeSpans');
    for (let si = 0; si < sss.length; si++) {
      st.enter('scopeSpans', si);
      const ss = asObject(sss[si], st);
      const scopeIdx = b.scopes.length;
      const scope = newScope(b);
      b.scopes.push(scope);
      readJsonScope(ss.scope, b, st, scope);
      scope.schemaUrl = b.strings.intern(asString(get(ss, 'schemaUrl'), st, 'schemaUrl'));
      const spans = asArray(ss.spans, st, 'spans');
      for (let k = 0; k < spans.length; k++) {
        st.enter('spans', k);
        readSpan(asObject(spans[k], st), b, st, resIdx, scopeIdx);
        st.leave(2);
      }
      st.leave(2);
    }
    st.leave(2);
  }
  return { batch: b.finish(), rejected: st.rejected, errors: st.errors, droppedByLimits: st.droppedByLimits, truncatedValues: st.truncatedValues };
}

function readSpan(o: JsonObject, b: SpanBatchBuilder, st: DecodeState, resIdx: number, scopeIdx: number): void {
  const mark = b.mark();
  const i = b.beginSpan(resIdx, scopeIdx);
  const strings = b.strings;
  const hasTrace = readHexId(get(o, 'traceId'), b.traceId, i * 16, 16, st, 'traceId');
  const hasSpan = readHexId(get(o, 'spanId'), b.spanId, i * 8, 8, st, 'spanId');
  readHexId(get(o, 'parentSpanId'), b.parentSpanId, i * 8, 8, st, 'parentSpanId');
  b.traceState[i] = strings.intern(asString(get(o, 'traceState'), st, 'traceState'));
  b.flags[i] = asUint32(o.flags, st, 'flags');
  b.name[i] = strings.intern(asString(o.name, st, 'name'));
  const kind = asEnum(o.kind, st, 'kind', SPAN_KIND_NAMES);
  b.startTimeUnixNano[i] = asInt64(get(o, 'startTimeUnixNano'), st, 'startTimeUnixNano', true);
  b.endTimeUnixNano[i] = asInt64(get(o, 'endTimeUnixNano'), st, 'endTimeUnixNano', true);
  b.droppedAttributesCount[i] = readAttributes(o.attributes, b, st) + asUint32(get(o, 'droppedAttributesCount'), st, 'droppedAttributesCount');
  b.attrEnd[i] = b.attrs.count;

  let droppedEvents = asUint32(get(o, 'droppedEventsCount'), st, 'droppedEventsCount');
  const events = asArray(o.events, st, 'events');
  for (let k = 0; k < events.length; k++) {
    st.enter('events', k);
    const ev = asObject(events[k], st);
    if (k >= st.limits.maxEventsPerSpan) {
      droppedEvents++;
      st.droppedByLimits++;
    } else {
      const e = b.beginEvent();
      b.eventTime[e] = asInt64(get(ev, 'timeUnixNano'), st, 'timeUnixNano', true);
      b.eventName[e] = strings.intern(asString(ev.name, st, 'name'));
      b.eventDropped[e] = readAttributes(ev.attributes, b, st) + asUint32(get(ev, 'droppedAttributesCount'), st, 'droppedAttributesCount');
      b.eventAttrEnd[e] = b.attrs.count;
    }
    st.leave(2);
  }
  b.eventEnd[i] = b.eventCount;
  b.droppedEventsCount[i] = droppedEvents;

  let droppedLinks = asUint32(get(o, 'droppedLinksCount'), st, 'droppedLinksCount');
  const links = asArray(o.links, st, 'links');
  for (let k = 0; k < links.length; k++) {
    st.enter('links', k);
    const lk = asObject(links[k], st);
    if (k >= st.limits.maxLinksPerSpan) {
      droppedLinks++;
      st.droppedByLimits++;
    } else {
      const l = b.beginLink();
      readHexId(get(lk, 'traceId'), b.linkTraceId, l * 16, 16, st, 'traceId');
      readHexId(get(lk, 'spanId'), b.linkSpanId, l * 8, 8, st, 'spanId');
      b.linkTraceState[l] = strings.intern(asString(get(lk, 'traceState'), st, 'traceState'));
      b.linkFlags[l] = asUint32(lk.flags, st, 'flags');
      b.linkDropped[l] = readAttributes(lk.attributes, b, st) + asUint32(get(lk, 'droppedAttributesCount'), st, 'droppedAttributesCount');
      b.linkAttrEnd[l] = b.attrs.count;
    }
    st.leave(2);
  }
  b.linkEnd[i] = b.linkCount;
  b.droppedLinksCount[i] = droppedLinks;

  let code = 0;
  if (o.status !== undefined && o.status !== null) {
    st.enter1('status');
    const s = asObject(o.status, st);
    code = asEnum(s.code, st, 'code', STATUS_CODE_NAMES);
    b.statusMessage[i] = strings.intern(st.clip(asString(s.message, st, 'message')));
    st.leave(1);
  }
  if (!hasTrace) return reject(b, mark, st, 'traceId', 'missing or all zero');
  if (!hasSpan) return reject(b, mark, st, 'spanId', 'missing or all zero');
  if (kind < 0 || kind > 5) return reject(b, mark, st, 'kind', `unknown SpanKind ${kind}`);
  if (code < 0 || code > 2) return reject(b, mark, st, 'status.code', `unknown StatusCode ${code}`);
  b.kind[i] = kind;
  b.statusCode[i] = code;
}

function reject(b: SpanBatchBuilder, mark: ReturnType<SpanBatchBuilder['mark']>, st: DecodeState, field: string, reason: string): void {
  b.rollbackSpan(mark);
  st.reject(field, reason);
}
