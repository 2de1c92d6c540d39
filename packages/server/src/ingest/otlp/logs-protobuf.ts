/**
 * ExportLogsServiceRequest (protobuf) straight into a LogBatch. Same rules as the trace
 * decoder: malformed input and ids of the wrong length fail the request with a path;
 * attributes beyond the limit are dropped and counted. Log records have no required field.
 */
import { isPtrError } from '../../errors/index.js';
import { LogBatchBuilder, type DecodeContext, type DecodeResult, type LogBatch } from '../../model/index.js';
import { BytesInterner, ProtoReader, ProtoWireError, WireType, internString } from '../protobuf/index.js';
import { DecodeState } from './decode-state.js';
import { readBody, readKeyValue } from './proto-any-value.js';
import { newResource, newScope, readResource, readScope } from './proto-resource.js';
import { readId } from './traces-protobuf.js';

const LEN = WireType.Len;
const t = (field: number, wt: WireType): number => (field << 3) | wt;

const RL_RESOURCE = t(1, LEN);
const RL_SCOPE_LOGS = t(2, LEN);
const RL_SCHEMA_URL = t(3, LEN);
const SL_SCOPE = t(1, LEN);
const SL_RECORDS = t(2, LEN);
const SL_SCHEMA_URL = t(3, LEN);
const R_TIME = t(1, WireType.Fixed64);
const R_OBSERVED = t(11, WireType.Fixed64);
const R_SEVERITY = t(2, WireType.Varint);
const R_SEVERITY_TEXT = t(3, LEN);
const R_BODY = t(5, LEN);
const R_ATTR = t(6, LEN);
const R_DROPPED = t(7, WireType.Varint);
const R_FLAGS = t(8, WireType.Fixed32);
const R_TRACE_ID = t(9, LEN);
const R_SPAN_ID = t(10, LEN);
const R_EVENT_NAME = t(12, LEN);

export function decodeLogsProtobuf(bytes: Uint8Array, ctx: DecodeContext): DecodeResult<LogBatch> {
  const st = new DecodeState(ctx.limits);
  const b = new LogBatchBuilder(ctx.tenant, bytes.length);
  st.interner = new BytesInterner(b.strings);
  const r = new ProtoReader(bytes);
  try {
    let ri = 0;
    while (r.pos < r.end) {
      const tag = r.tag();
      if (tag === t(1, LEN)) {
        st.enter('resourceLogs', ri++);
        const end = r.lenEnd();
        readResourceLogs(r, end, b, st);
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

function readResourceLogs(r: ProtoReader, end: number, b: LogBatchBuilder, st: DecodeState): void {
  const resIdx = b.resources.length;
  const res = newResource(b);
  b.resources.push(res);
  let si = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === RL_RESOURCE) {
      const e = r.lenEnd();
      readResource(r, e, b, st, res);
      r.pos = e;
    } else if (tag === RL_SCOPE_LOGS) {
      const e = r.lenEnd();
      st.enter('scopeLogs', si++);
      readScopeLogs(r, e, b, st, resIdx);
      st.leave(2);
      r.pos = e;
    } else if (tag === RL_SCHEMA_URL) res.schemaUrl = internString(r, st.interner);
    else r.skip(tag & 7);
  }
}

function readScopeLogs(r: ProtoReader, end: number, b: LogBatchBuilder, st: DecodeState, resIdx: number): void {
  const scopeIdx = b.scopes.length;
  const scope = newScope(b);
  b.scopes.push(scope);
  let k = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === SL_RECORDS) {
      const e = r.lenEnd();
      st.enter('logRecords', k++);
      readRecord(r, e, b, st, resIdx, scopeIdx);
      st.leave(2);
      r.pos = e;
    } else if (tag === SL_SCOPE) {
      const e = r.lenEnd();
      readScope(r, e, b, st, scope);
      r.pos = e;
    } else if (tag === SL_SCHEMA_URL) scope.schemaUrl = internString(r, st.interner);
    else r.skip(tag & 7);
  }
}

function readRecord(r: ProtoReader, end: number, b: LogBatchBuilder, st: DecodeState, resIdx: number, scopeIdx: number): void {
  const mark = b.mark();
  const i = b.beginRecord(resIdx, scopeIdx);
  let nAttr = 0;
  let dropped = 0;
  let severity = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case R_TIME:
        b.timeUnixNano[i] = r.fixed64();
        break;
      case R_OBSERVED:
        b.observedTimeUnixNano[i] = r.fixed64();
        break;
      case R_SEVERITY:
        severity = r.int32();
        break;
      case R_SEVERITY_TEXT:
        b.severityText[i] = internString(r, st.interner);
        break;
      case R_BODY: {
        const e = r.lenEnd();
        st.enter1('body');
        const [type, text] = readBody(r, e);
        st.leave(1);
        b.bodyType[i] = type;
        b.body[i] = b.strings.intern(text);
        r.pos = e;
        break;
      }
      case R_ATTR: {
        const e = r.lenEnd();
        st.enter('attributes', nAttr++);
        if (!readKeyValue(r, e, b, st, b.attrs.count - b.attrStart[i]!)) dropped++;
        st.leave(2);
        r.pos = e;
        break;
      }
      case R_DROPPED:
        dropped += r.uint32();
        break;
      case R_FLAGS:
        b.flags[i] = r.fixed32();
        break;
      case R_TRACE_ID:
        readId(r, b.traceId, i * 16, 16, st, 'traceId');
        break;
      case R_SPAN_ID:
        readId(r, b.spanId, i * 8, 8, st, 'spanId');
        break;
      case R_EVENT_NAME:
        b.eventName[i] = internString(r, st.interner);
        break;
      default:
        r.skip(tag & 7);
    }
  }
  b.attrEnd[i] = b.attrs.count;
  b.droppedAttributesCount[i] = dropped;
  if (severity < 0 || severity > 24) {
    b.rollbackRecord(mark);
    st.reject('severityNumber', `unknown SeverityNumber ${severity}`);
    return;
  }
  b.severityNumber[i] = severity;
}
