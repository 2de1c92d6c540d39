/** A LogBatch as an OTLP/JSON ExportLogsServiceRequest (spec form; see traces-to-json.ts). */
import { BodyType, type LogBatch } from '../../model/index.js';
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

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

export function logBatchToJson(b: LogBatch): { resourceLogs: Obj[] } {
  const s = b.strings;
  const byResource = new Map<number, Map<number, Obj[]>>();
  for (let i = 0; i < b.count; i++) {
    let scopes = byResource.get(b.resource[i]!);
    if (!scopes) byResource.set(b.resource[i]!, (scopes = new Map()));
    let recs = scopes.get(b.scope[i]!);
    if (!recs) scopes.set(b.scope[i]!, (recs = []));
    const traceId = toHex(b.traceId, i * 16, i * 16 + 16);
    const spanId = toHex(b.spanId, i * 8, i * 8 + 8);
    const bodyText = s[b.body[i]!]!;
    const body = b.bodyType[i] === BodyType.String ? { stringValue: bodyText } : b.bodyType[i] === BodyType.Json ? (JSON.parse(bodyText) as Obj) : undefined;
    recs.push(omitEmpty({
      timeUnixNano: b.timeUnixNano[i]!.toString(),
      observedTimeUnixNano: b.observedTimeUnixNano[i]!.toString(),
      severityNumber: b.severityNumber[i],
      severityText: s[b.severityText[i]!],
      body,
      attributes: attrsJson(b.attrs, s, b.attrStart[i]!, b.attrEnd[i]!),
      droppedAttributesCount: b.droppedAttributesCount[i],
      flags: b.flags[i],
      traceId: traceId === ZERO_TRACE ? '' : traceId,
      spanId: spanId === ZERO_SPAN ? '' : spanId,
      eventName: s[b.eventName[i]!],
    }));
  }
  const resourceLogs: Obj[] = [];
  for (const [ri, scopes] of byResource) {
    const r = b.resources[ri]!;
    const scopeLogs: Obj[] = [];
    for (const [si, logRecords] of scopes) {
      const sc = b.scopes[si]!;
      scopeLogs.push(omitEmpty({
        scope: omitEmpty({ name: s[sc.name], version: s[sc.version], attributes: attrsJson(b.attrs, s, sc.attrStart, sc.attrEnd), droppedAttributesCount: sc.droppedAttributesCount }),
        logRecords,
        schemaUrl: s[sc.schemaUrl],
      }));
    }
    resourceLogs.push(omitEmpty({
      resource: omitEmpty({ attributes: attrsJson(b.attrs, s, r.attrStart, r.attrEnd), droppedAttributesCount: r.droppedAttributesCount }),
      scopeLogs,
      schemaUrl: s[r.schemaUrl],
    }));
  }
  return { resourceLogs };
}
