/** Stored span rows (SPAN_COLUMNS) -> OTLP/JSON resourceSpans, exact to what was sent. */
import { attrsFromStored } from '../clickhouse/otel-attributes.js';
import { omitEmpty, ResourceScopeGrouper, type Obj } from '../clickhouse/otlp-json.js';

export interface SpanRow {
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
  start: string;
  tid: string;
  sid: string;
  pid: string;
  ts: string;
  name: string;
  kind: string;
  ak: string[];
  av: string[];
  at: string;
  dur: string;
  sc: string;
  sm: string;
  fl: number;
  da: number;
  de: number;
  dl: number;
  et: string[];
  en: string[];
  ek: string[][];
  ev: string[][];
  ety: string[];
  ed: number[];
  lt: string[];
  ls: string[];
  lst: string[];
  lk: string[][];
  lv: string[][];
  lty: string[];
  lf: number[];
  ld: number[];
}

const KIND: Record<string, number> = {
  Unspecified: 0, Internal: 1, Server: 2, Client: 3, Producer: 4, Consumer: 5,
  SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5,
};
const STATUS: Record<string, number> = { Unset: 0, Ok: 1, Error: 2, STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };
const U64 = 1n << 64n;

export function spanKindNumber(text: string): number {
  return KIND[text] ?? 0;
}
export function statusCodeNumber(text: string): number {
  return STATUS[text] ?? 0;
}

export function spanFromRow(r: SpanRow): Obj {
  const events: Obj[] = r.et.map((t, e) =>
    omitEmpty({ timeUnixNano: t, name: r.en[e], attributes: attrsFromStored(r.ek[e] ?? [], r.ev[e] ?? [], r.ety[e] ?? ''), droppedAttributesCount: r.ed[e] }),
  );
  const links: Obj[] = r.lt.map((t, l) =>
    omitEmpty({
      traceId: t,
      spanId: r.ls[l],
      traceState: r.lst[l],
      attributes: attrsFromStored(r.lk[l] ?? [], r.lv[l] ?? [], r.lty[l] ?? ''),
      droppedAttributesCount: r.ld[l],
      flags: r.lf[l],
    }),
  );
  const end = (BigInt(r.start) + BigInt(r.dur)) % U64;
  return omitEmpty({
    traceId: r.tid,
    spanId: r.sid,
    traceState: r.ts,
    parentSpanId: r.pid,
    flags: r.fl,
    name: r.name,
    kind: spanKindNumber(r.kind),
    startTimeUnixNano: r.start,
    endTimeUnixNano: end.toString(),
    attributes: attrsFromStored(r.ak, r.av, r.at),
    droppedAttributesCount: r.da,
    events,
    droppedEventsCount: r.de,
    links,
    droppedLinksCount: r.dl,
    status: omitEmpty({ message: r.sm, code: statusCodeNumber(r.sc) }),
  });
}

export function resourceSpansFromRows(rows: readonly SpanRow[]): Obj[] {
  const g = new ResourceScopeGrouper<Obj>();
  for (const r of rows) {
    g.add(
      JSON.stringify([r.rk, r.rv, r.rt, r.rs, r.rd]),
      () => ({ resource: omitEmpty({ attributes: attrsFromStored(r.rk, r.rv, r.rt), droppedAttributesCount: r.rd }), schemaUrl: r.rs }),
      JSON.stringify([r.sn, r.sver, r.sk, r.sv, r.st, r.ss, r.sd]),
      () => ({ scope: omitEmpty({ name: r.sn, version: r.sver, attributes: attrsFromStored(r.sk, r.sv, r.st), droppedAttributesCount: r.sd }), schemaUrl: r.ss }),
      spanFromRow(r),
    );
  }
  return g.build('scopeSpans', 'spans');
}
