/** ExportLogsServiceRequest in OTLP/JSON (already parsed) into a LogBatch; rules as in logs-protobuf.ts. */
import { LogBatchBuilder, type DecodeContext, type DecodeResult, type LogBatch } from '../../model/index.js';
import { DecodeState } from './decode-state.js';
import { newResource, newScope } from './proto-resource.js';
import {
  asArray, asEnum, asInt64, asObject, asString, asUint32, get, readAttributes, readHexId, readJsonBody, readJsonResource, readJsonScope, type JsonObject,
} from './json-values.js';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
/** SEVERITY_NUMBER_UNSPECIFIED, SEVERITY_NUMBER_TRACE, TRACE2..4, DEBUG, ... FATAL4 (0..24). */
export const SEVERITY_NAMES: readonly string[] = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...LEVELS.flatMap((l) => [`SEVERITY_NUMBER_${l}`, `SEVERITY_NUMBER_${l}2`, `SEVERITY_NUMBER_${l}3`, `SEVERITY_NUMBER_${l}4`]),
];

export function decodeLogsJson(body: unknown, ctx: DecodeContext): DecodeResult<LogBatch> {
  const st = new DecodeState(ctx.limits);
  const b = new LogBatchBuilder(ctx.tenant);
  const root = asObject(body, st);
  const rls = asArray(get(root, 'resourceLogs'), st, 'resourceLogs');
  for (let ri = 0; ri < rls.length; ri++) {
    st.enter('resourceLogs', ri);
    const rl = asObject(rls[ri], st);
    const resIdx = b.resources.length;
    const res = newResource(b);
    b.resources.push(res);
    readJsonResource(rl.resource, b, st, res);
    res.schemaUrl = b.strings.intern(asString(get(rl, 'schemaUrl'), st, 'schemaUrl'));
    const sls = asArray(get(rl, 'scopeLogs'), st, 'scopeLogs');
    for (let si = 0; si < sls.length; si++) {
      st.enter('scopeLogs', si);
      const sl = asObject(sls[si], st);
      const scopeIdx = b.scopes.length;
      const scope = newScope(b);
      b.scopes.push(scope);
      readJsonScope(sl.scope, b, st, scope);
      scope.schemaUrl = b.strings.intern(asString(get(sl, 'schemaUrl'), st, 'schemaUrl'));
      const records = asArray(get(sl, 'logRecords'), st, 'logRecords');
      for (let k = 0; k < records.length; k++) {
        st.enter('logRecords', k);
        readRecord(asObject(records[k], st), b, st, resIdx, scopeIdx);
        st.leave(2);
      }
      st.leave(2);
    }
    st.leave(2);
  }
  return { batch: b.finish(), rejected: st.rejected, errors: st.errors, droppedByLimits: st.droppedByLimits, truncatedValues: st.truncatedValues };
}

function readRecord(o: JsonObject, b: LogBatchBuilder, st: DecodeState, resIdx: number, scopeIdx: number): void {
  const mark = b.mark();
  const i = b.beginRecord(resIdx, scopeIdx);
  const strings = b.strings;
  b.timeUnixNano[i] = asInt64(get(o, 'timeUnixNano'), st, 'timeUnixNano', true);
  b.observedTimeUnixNano[i] = asInt64(get(o, 'observedTimeUnixNano'), st, 'observedTimeUnixNano', true);
  const severity = asEnum(get(o, 'severityNumber'), st, 'severityNumber', SEVERITY_NAMES);
  b.severityText[i] = strings.intern(asString(get(o, 'severityText'), st, 'severityText'));
  const [type, text] = readJsonBody(o.body, st);
  b.bodyType[i] = type;
  b.body[i] = strings.intern(text);
  b.eventName[i] = strings.intern(asString(get(o, 'eventName'), st, 'eventName'));
  b.droppedAttributesCount[i] = readAttributes(o.attributes, b, st) + asUint32(get(o, 'droppedAttributesCount'), st, 'droppedAttributesCount');
  b.attrEnd[i] = b.attrs.count;
  b.flags[i] = asUint32(o.flags, st, 'flags');
  readHexId(get(o, 'traceId'), b.traceId, i * 16, 16, st, 'traceId');
  readHexId(get(o, 'spanId'), b.spanId, i * 8, 8, st, 'spanId');
  if (severity < 0 || severity > 24) {
    b.rollbackRecord(mark);
    st.reject('severityNumber', `unknown SeverityNumber ${severity}`);
    return;
  }
  b.severityNumber[i] = severity;
}
