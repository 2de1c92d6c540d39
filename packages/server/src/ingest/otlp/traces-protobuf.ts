/**
 * ExportTraceServiceRequest (protobuf) straight into a SpanBatch.
 *
 * Whole-request errors (malformed wire data, ids of the wrong length) throw PTR_ERR_DECODE /
 * PTR_ERR_VALIDATION with the field path; spans with missing or all-zero ids, or enum values
 * OTLP does not define, are rejected one by one (partial success); attributes, events and
 * links beyond the limits are dropped and counted in the span's dropped counts.
 */
import { isPtrError } from '../../errors/index.js';
import { SpanBatchBuilder, type DecodeContext, type DecodeResult, type SpanBatch } from '../../model/index.js';
import { BytesInterner, ProtoReader, ProtoWireError, WireType, internString } from '../protobuf/index.js';
import { DecodeState, isAllZero } from './decode-state.js';
import { readKeyValue } from './proto-any-value.js';
import { newResource, newScope, readResource, readScope } from './proto-resource.js';

const LEN = WireType.Len;
const t = (field: number, wt: WireType): number => (field << 3) | wt;

// ResourceSpans / ScopeSpans
const RS_RESOURCE = t(1, LEN);
const RS_SCOPE_SPANS = t(2, LEN);
const RS_SCHEMA_URL = t(3, LEN);
const SS_SCOPE = t(1, LEN);
const SS_SPANS = t(2, LEN);
const SS_SCHEMA_URL = t(3, LEN);
// Span
const S_TRACE_ID = t(1, LEN);
const S_SPAN_ID = t(2, LEN);
const S_TRACE_STATE = t(3, LEN);
const S_PARENT = t(4, LEN);
const S_NAME = t(5, LEN);
const S_KIND = t(6, WireType.Varint);
const S_START = t(7, WireType.Fixed64);
const S_END = t(8, WireType.Fixed64);
const S_ATTR = t(9, LEN);
const S_DROPPED_ATTR = t(10, WireType.Varint);
const S_EVENT = t(11, LEN);
const S_DROPPED_EVENTS = t(12, WireType.Varint);
const S_LINK = t(13, LEN);
const S_DROPPED_LINKS = t(14, WireType.Varint);
const S_STATUS = t(15, LEN);
const S_FLAGS = t(16, WireType.Fixed32);
// Event
const E_TIME = t(1, WireType.Fixed64);
const E_NAME = t(2, LEN);
const E_ATTR = t(3, LEN);
const E_DROPPED = t(4, WireType.Varint);
// Link
const L_TRACE_ID = t(1, LEN);
const L_SPAN_ID = t(2, LEN);
const L_TRACE_STATE = t(3, LEN);
const L_ATTR = t(4, LEN);
const L_DROPPED = t(5, WireType.Varint);
const L_FLAGS = t(6, WireType.Fixed32);
// Status
const ST_MESSAGE = t(2, LEN);
const ST_CODE = t(3, WireType.Varint);

export function decodeTracesProtobuf(bytes: Uint8Array, ctx: DecodeContext): DecodeResult<SpanBatch> {
  const st = new DecodeState(ctx.limits);
  const b = new SpanBatchBuilder(ctx.tenant, bytes.length);
  st.interner = new BytesInterner(b.strings);
  const r = new ProtoReader(bytes);
  try {
    let ri = 0;
    while (r.pos < r.end) {
      const tag = r.tag();
      if (tag === t(1, LEN)) {
        st.enter('resourceSpans', ri++);
        const end = r.lenEnd();
        readResourceSpans(r, end, b, st);
        st.leave(2);
        r.pos = end;
      } else r.skip(tag & 7);
    }
  } catch (err) {
    if (err instanceof ProtoWireError) throw st.fail(undefined, `malformed protobuf: ${err.message} (byte ${err.offset})`, 'PTR_ERR_DECODE');
    if (isPtrError(err)) throw err;
    throw st.fail(undefined, `malformed protobuf: ${(err as Error).message}`, 'PTR_ERR_DECODE');
  }
  return { batch: b.finish(), rejected: st.rejected, errors: st.errors, droppedByLimits: st.droppedByLimits, truncatedValues: st.truncatedValues };
}

function readResourceSpans(r: ProtoReader, end: number, b: SpanBatchBuilder, st: DecodeState): void {
  const resIdx = b.resources.length;
  const res = newResource(b);
  b.resources.push(res);
  let si = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === RS_RESOURCE) {
      const e = r.lenEnd();
      readResource(r, e, b, st, res);
      r.pos = e;
    } else if (tag === RS_SCOPE_SPANS) {
      const e = r.lenEnd();
      st.enter('scopeSpans', si++);
      readScopeSpans(r, e, b, st, resIdx);
      st.leave(2);
      r.pos = e;
    } else if (tag === RS_SCHEMA_URL) res.schemaUrl = internString(r, st.interner);
    else r.skip(tag & 7);
  }
}

function readScopeSpans(r: ProtoReader, end: number, b: SpanBatchBuilder, st: DecodeState, resIdx: number): void {
  const scopeIdx = b.scopes.length;
  const scope = newScope(b);
  b.scopes.push(scope);
  let k = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === SS_SPANS) {
      const e = r.lenEnd();
      st.enter('spans', k++);
      readSpan(r, e, b, st, resIdx, scopeIdx);
      st.leave(2);
      r.pos = e;
    } else if (tag === SS_SCOPE) {
      const e = r.lenEnd();
      readScope(r, e, b, st, scope);
      r.pos = e;
    } else if (tag === SS_SCHEMA_URL) scope.schemaUrl = internString(r, st.interner);
    else r.skip(tag & 7);
  }
}

/** Positions of the events and links of the span being read, decoded after its attributes. */
let subStarts = new Int32Array(64);
let subEnds = new Int32Array(64);
let subKinds = new Uint8Array(64);

function readSpan(r: ProtoReader, end: number, b: SpanBatchBuilder, st: DecodeState, resIdx: number, scopeIdx: number): void {
  const mark = b.mark();
  const i = b.beginSpan(resIdx, scopeIdx);
  const limits = st.limits;
  let hasTrace = false;
  let hasSpan = false;
  let nAttr = 0;
  let nSub = 0;
  let droppedAttrs = 0;
  let droppedEvents = 0;
  let droppedLinks = 0;
  let kind = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case S_TRACE_ID:
        hasTrace = readId(r, b.traceId, i * 16, 16, st, 'traceId');
        break;
      case S_SPAN_ID:
        hasSpan = readId(r, b.spanId, i * 8, 8, st, 'spanId');
        break;
      case S_PARENT:
        readId(r, b.parentSpanId, i * 8, 8, st, 'parentSpanId');
        break;
      case S_TRACE_STATE:
        b.traceState[i] = internString(r, st.interner);
        break;
      case S_NAME:
        b.name[i] = internString(r, st.interner);
        break;
      case S_KIND:
        kind = r.int32();
        break;
      case S_START:
        b.startTimeUnixNano[i] = r.fixed64();
        break;
      case S_END:
        b.endTimeUnixNano[i] = r.fixed64();
        break;
      case S_FLAGS:
        b.flags[i] = r.fixed32();
        break;
      case S_ATTR: {
        const e = r.lenEnd();
        st.enter('attributes', nAttr++);
        if (!readKeyValue(r, e, b, st, b.attrs.count - b.attrStart[i]!)) droppedAttrs++;
        st.leave(2);
        r.pos = e;
        break;
      }
      case S_DROPPED_ATTR:
        droppedAttrs += r.uint32();
        break;
      case S_EVENT:
      case S_LINK: {
        const e = r.lenEnd();
        if (nSub >= subStarts.length) growSub();
        subStarts[nSub] = r.pos;
        subEnds[nSub] = e;
        subKinds[nSub] = tag === S_EVENT ? 0 : 1;
        nSub++;
        r.pos = e;
        break;
      }
      case S_DROPPED_EVENTS:
        droppedEvents += r.uint32();
        break;
      case S_DROPPED_LINKS:
        droppedLinks += r.uint32();
        break;
      case S_STATUS: {
        const e = r.lenEnd();
        readStatus(r, e, b, i, st);
        r.pos = e;
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  b.attrEnd[i] = b.attrs.count;
  // events and links after the span's own attributes, so that each owner's range is contiguous
  if (nSub > 0) {
    // readEvent/readLink never reach readSpan, so the shared position arrays stay intact here
    const starts = subStarts;
    const ends = subEnds;
    const kinds = subKinds;
    let ne = 0;
    let nl = 0;
    for (let k = 0; k < nSub; k++) {
      r.pos = starts[k]!;
      if (kinds[k] === 0) {
        if (b.eventCount - b.eventStart[i]! >= limits.maxEventsPerSpan) {
          droppedEvents++;
          st.droppedByLimits++;
          ne++;
          continue;
        }
        st.enter('events', ne++);
        readEvent(r, ends[k]!, b, st);
        st.leave(2);
      }
    }
    for (let k = 0; k < nSub; k++) {
      r.pos = starts[k]!;
      if (kinds[k] === 1) {
        if (b.linkCount - b.linkStart[i]! >= limits.maxLinksPerSpan) {
          droppedLinks++;
          st.droppedByLimits++;
          nl++;
          continue;
        }
        st.enter('links', nl++);
        readLink(r, ends[k]!, b, st);
        st.leave(2);
      }
    }
    b.eventEnd[i] = b.eventCount;
    b.linkEnd[i] = b.linkCount;
    r.pos = end;
  }
  b.droppedAttributesCount[i] = droppedAttrs;
  b.droppedEventsCount[i] = droppedEvents;
  b.droppedLinksCount[i] = droppedLinks;
  if (!hasTrace) return rejectSpan(b, mark, st, 'traceId', 'missing or all zero');
  if (!hasSpan) return rejectSpan(b, mark, st, 'spanId', 'missing or all zero');
  if (kind < 0 || kind > 5) return rejectSpan(b, mark, st, 'kind', `unknown SpanKind ${kind}`);
  if (b.statusCode[i]! > 2) return rejectSpan(b, mark, st, 'status.code', `unknown StatusCode ${b.statusCode[i]}`);
  b.kind[i] = kind;
}

function growSub(): void {
  const n = subStarts.length * 2;
  const s = new Int32Array(n);
  s.set(subStarts);
  subStarts = s;
  const e = new Int32Array(n);
  e.set(subEnds);
  subEnds = e;
  const k = new Uint8Array(n);
  k.set(subKinds);
  subKinds = k;
}

function rejectSpan(b: SpanBatchBuilder, mark: ReturnType<SpanBatchBuilder['mark']>, st: DecodeState, field: string, reason: string): void {
  b.rollbackSpan(mark);
  st.reject(field, reason);
}

/**
 * Copies an id of exactly `size` bytes; an empty id is "absent" (false), a wrong length is a
 * whole-request error, as in the Collector's protobuf unmarshalling.
 */
export function readId(r: ProtoReader, into: Uint8Array, at: number, size: number, st: DecodeState, field: string): boolean {
  const end = r.lenEnd();
  const len = end - r.pos;
  if (len === 0) return false;
  if (len !== size) throw st.fail(field, `expected ${size} bytes, got ${len}`);
  const buf = r.buf;
  for (let k = 0, p = r.pos; k < size; k++) into[at + k] = buf[p + k]!;
  r.pos = end;
  return !isAllZero(into, at, at + size);
}

function readStatus(r: ProtoReader, end: number, b: SpanBatchBuilder, i: number, st: DecodeState): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === ST_CODE) {
      const c = r.int32();
      b.statusCode[i] = c < 0 || c > 255 ? 255 : c;
    } else if (tag === ST_MESSAGE) b.statusMessage[i] = b.strings.intern(st.clip(r.string()));
    else r.skip(tag & 7);
  }
}

function readEvent(r: ProtoReader, end: number, b: SpanBatchBuilder, st: DecodeState): void {
  const e = b.beginEvent();
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case E_TIME:
        b.eventTime[e] = r.fixed64();
        break;
      case E_NAME:
        b.eventName[e] = internString(r, st.interner);
        break;
      case E_ATTR: {
        const ae = r.lenEnd();
        st.enter('attributes', n++);
        if (!readKeyValue(r, ae, b, st, b.attrs.count - b.eventAttrStart[e]!)) b.eventDropped[e]!++;
        st.leave(2);
        r.pos = ae;
        break;
      }
      case E_DROPPED:
        b.eventDropped[e]! += r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  b.eventAttrEnd[e] = b.attrs.count;
}

function readLink(r: ProtoReader, end: number, b: SpanBatchBuilder, st: DecodeState): void {
  const l = b.beginLink();
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case L_TRACE_ID:
        readId(r, b.linkTraceId, l * 16, 16, st, 'traceId');
        break;
      case L_SPAN_ID:
        readId(r, b.linkSpanId, l * 8, 8, st, 'spanId');
        break;
      case L_TRACE_STATE:
        b.linkTraceState[l] = internString(r, st.interner);
        break;
      case L_FLAGS:
        b.linkFlags[l] = r.fixed32();
        break;
      case L_ATTR: {
        const ae = r.lenEnd();
        st.enter('attributes', n++);
        if (!readKeyValue(r, ae, b, st, b.attrs.count - b.linkAttrStart[l]!)) b.linkDropped[l]!++;
        st.leave(2);
        r.pos = ae;
        break;
      }
      case L_DROPPED:
        b.linkDropped[l]! += r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  b.linkAttrEnd[l] = b.attrs.count;
}
