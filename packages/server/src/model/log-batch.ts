/**
 * Log records in columnar form (same conventions as SpanBatch).
 */
import type { AttributeColumns } from './attributes.js';
import type { ResourceEntry, ScopeEntry } from './span-batch.js';

export const enum BodyType {
  Empty = 0,
  String = 1,
  /** Any other AnyValue: `body` holds its OTLP/JSON form. */
  Json = 2,
}

export interface LogBatch {
  readonly signal: 'logs';
  tenant: string;
  count: number;
  strings: string[];
  attrs: AttributeColumns;
  resources: ResourceEntry[];
  scopes: ScopeEntry[];

  resource: Uint32Array;
  scope: Uint32Array;
  timeUnixNano: BigUint64Array;
  observedTimeUnixNano: BigUint64Array;
  severityNumber: Uint8Array;
  severityText: Uint32Array;
  bodyType: Uint8Array;
  /** String-table index of the body text (or its JSON form). */
  body: Uint32Array;
  /** String-table index of event_name (OTLP logs 1.5+). */
  eventName: Uint32Array;
  attrStart: Uint32Array;
  attrEnd: Uint32Array;
  droppedAttributesCount: Uint32Array;
  flags: Uint32Array;
  /** 16 bytes per record; all zero when absent. */
  traceId: Uint8Array;
  /** 8 bytes per record; all zero when absent. */
  spanId: Uint8Array;
}
