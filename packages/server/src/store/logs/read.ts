/** Stored log rows (LOG_COLUMNS) -> OTLP/JSON parts, exact to what was sent. */
import { attrsFromStored } from '../clickhouse/otel-attributes.js';
import { omitEmpty, ResourceScopeGrouper, type Obj } from '../clickhouse/otlp-json.js';
import type { StoredLogRecord } from './log-store.js';

export interface LogRow {
  svc: string;
  rk: string[];
  rv: string[];
  rt: string;
  rs: string;
  rd: number;
  sn: string;
  sver: string;
  sk: string[];
  sv: string[];
  st: string;
  ss: string;
  sd: number;
  ts: string;
  tu: number;
  ots: string;
  id: string;
  tid: string;
  sid: string;
  fl: number;
  sevt: string;
  sevn: number;
  bt: number;
  body: string;
  ak: string[];
  av: string[];
  at: string;
  da: number;
  evn: string;
}

export function recordFromRow(r: LogRow): StoredLogRecord {
  const body = r.bt === 1 ? { stringValue: r.body } : r.bt === 2 ? (JSON.parse(r.body) as Obj) : undefined;
  const record = omitEmpty({
    timeUnixNano: r.tu ? '0' : r.ts,
    observedTimeUnixNano: r.ots,
    severityNumber: r.sevn,
    severityText: r.sevt,
    body,
    attributes: attrsFromStored(r.ak, r.av, r.at),
    droppedAttributesCount: r.da,
    flags: r.fl,
    traceId: r.tid,
    spanId: r.sid,
    eventName: r.evn,
  });
  const resourceText: Record<string, string> = {};
  r.rk.forEach((k, i) => (resourceText[k] = r.rv[i] ?? ''));
  return {
    resource: omitEmpty({ attributes: attrsFromStored(r.rk, r.rv, r.rt), droppedAttributesCount: r.rd }),
    resourceSchemaUrl: r.rs,
    scope: omitEmpty({ name: r.sn, version: r.sver, attributes: attrsFromStored(r.sk, r.sv, r.st), droppedAttributesCount: r.sd }),
    scopeSchemaUrl: r.ss,
    record,
    serviceName: r.svc,
    resourceText,
    line: r.body,
    timeNs: r.ts,
  };
}

/** Records -> OTLP/JSON resourceLogs (grouped by resource and scope, order kept). */
export function resourceLogsFromRecords(records: readonly StoredLogRecord[]): Obj[] {
  const g = new ResourceScopeGrouper<Obj>();
  for (const r of records) {
    g.add(
      JSON.stringify([r.resource, r.resourceSchemaUrl]),
      () => ({ resource: r.resource, schemaUrl: r.resourceSchemaUrl }),
      JSON.stringify([r.scope, r.scopeSchemaUrl]),
      () => ({ scope: r.scope, schemaUrl: r.scopeSchemaUrl }),
      r.record,
    );
  }
  return g.build('scopeLogs', 'logRecords');
}
