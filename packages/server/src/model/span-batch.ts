/**
 * Spans in columnar form: what ingest decodes OTLP into and what the stores write from.
 * No JavaScript object per span: each field is a typed array indexed by span number, strings
 * live once in `strings` (index 0 is always the empty string), attributes are ranges into
 * `attrs`. Events and links are their own columns, owned by a span through offset arrays.
 */
import type { AttributeColumns } from './attributes.js';

export interface ResourceEntry {
  /** [start, end) into attrs. */
  attrStart: number;
  attrEnd: number;
  droppedAttributesCount: number;
  /** String-table index of service.name (0 when absent). */
  serviceName: number;
  /** String-table index of the resource's schema_url. */
  schemaUrl: number;
}

export interface ScopeEntry {
  name: number;
  version: number;
  attrStart: number;
  attrEnd: number;
  droppedAttributesCount: number;
  schemaUrl: number;
}

export interface SpanBatch {
  readonly signal: 'spans';
  tenant: string;
  /** Number of spans. */
  count: number;
  strings: string[];
  attrs: AttributeColumns;
  resources: ResourceEntry[];
  scopes: ScopeEntry[];

  // one entry per span
  resource: Uint32Array;
  scope: Uint32Array;
  /** 16 bytes per span. */
  traceId: Uint8Array;
  /** 8 bytes per span. */
  spanId: Uint8Array;
  /** 8 bytes per span; all zero for a root span. */
  parentSpanId: Uint8Array;
  traceState: Uint32Array;
  flags: Uint32Array;
  name: Uint32Array;
  /** OTLP SpanKind number (0 unspecified .. 5 consumer). */
  kind: Uint8Array;
  startTimeUnixNano: BigUint64Array;
  endTimeUnixNano: BigUint64Array;
  /** OTLP Status.code (0 unset, 1 ok, 2 error). */
  statusCode: Uint8Array;
  statusMessage: Uint32Array;
  attrStart: Uint32Array;
  attrEnd: Uint32Array;
  droppedAttributesCount: Uint32Array;
  droppedEventsCount: Uint32Array;
  droppedLinksCount: Uint32Array;
  /** Events of span i are [eventStart[i], eventEnd[i]) into the event columns. */
  eventStart: Uint32Array;
  eventEnd: Uint32Array;
  linkStart: Uint32Array;
  linkEnd: Uint32Array;

  events: {
    count: number;
    timeUnixNano: BigUint64Array;
    name: Uint32Array;
    attrStart: Uint32Array;
    attrEnd: Uint32Array;
    droppedAttributesCount: Uint32Array;
  };
  links: {
    count: number;
    traceId: Uint8Array;
    spanId: Uint8Array;
    traceState: Uint32Array;
    flags: Uint32Array;
    attrStart: Uint32Array;
    attrEnd: Uint32Array;
    droppedAttributesCount: Uint32Array;
  };
}
