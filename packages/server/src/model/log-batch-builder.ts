/** Builds a LogBatch incrementally (see SpanBatchBuilder for the conventions). */
import { AttributeColumnsBuilder } from './attr-builder.js';
import { grown } from './grow.js';
import type { LogBatch } from './log-batch.js';
import type { ResourceEntry, ScopeEntry } from './span-batch.js';
import { StringTable } from './string-table.js';

export interface LogMark {
  count: number;
  attrs: number;
}

export class LogBatchBuilder {
  readonly strings = new StringTable();
  readonly attrs: AttributeColumnsBuilder;
  readonly resources: ResourceEntry[] = [];
  readonly scopes: ScopeEntry[] = [];
  count = 0;
  private cap = 0;

  resource = new Uint32Array(0);
  scope = new Uint32Array(0);
  timeUnixNano = new BigUint64Array(0);
  observedTimeUnixNano = new BigUint64Array(0);
  severityNumber = new Uint8Array(0);
  severityText = new Uint32Array(0);
  bodyType = new Uint8Array(0);
  body = new Uint32Array(0);
  eventName = new Uint32Array(0);
  attrStart = new Uint32Array(0);
  attrEnd = new Uint32Array(0);
  droppedAttributesCount = new Uint32Array(0);
  flags = new Uint32Array(0);
  traceId = new Uint8Array(0);
  spanId = new Uint8Array(0);

  /** `inputBytes`: size of the encoded request, to allocate once for the common case. */
  constructor(
    readonly tenant: string,
    inputBytes = 0,
  ) {
    this.attrs = new AttributeColumnsBuilder(Math.max(256, Math.ceil(inputBytes / 24)));
    this.grow(Math.max(16, Math.ceil(inputBytes / 384)));
  }

  mark(): LogMark {
    return { count: this.count, attrs: this.attrs.count };
  }

  rollbackRecord(m: LogMark): void {
    this.count = m.count;
    this.attrs.truncate(m.attrs);
  }

  beginRecord(resource: number, scope: number): number {
    const i = this.count;
    if (i >= this.cap) this.grow(i + 1);
    this.resource[i] = resource;
    this.scope[i] = scope;
    this.timeUnixNano[i] = 0n;
    this.observedTimeUnixNano[i] = 0n;
    this.severityNumber[i] = 0;
    this.severityText[i] = 0;
    this.bodyType[i] = 0;
    this.body[i] = 0;
    this.eventName[i] = 0;
    this.attrStart[i] = this.attrs.count;
    this.attrEnd[i] = this.attrs.count;
    this.droppedAttributesCount[i] = 0;
    this.flags[i] = 0;
    this.traceId.fill(0, i * 16, i * 16 + 16);
    this.spanId.fill(0, i * 8, i * 8 + 8);
    this.count = i + 1;
    return i;
  }

  private grow(n: number): void {
    this.resource = grown(this.resource, n);
    const cap = this.resource.length;
    this.scope = grown(this.scope, cap);
    this.timeUnixNano = grown(this.timeUnixNano, cap);
    this.observedTimeUnixNano = grown(this.observedTimeUnixNano, cap);
    this.severityNumber = grown(this.severityNumber, cap);
    this.severityText = grown(this.severityText, cap);
    this.bodyType = grown(this.bodyType, cap);
    this.body = grown(this.body, cap);
    this.eventName = grown(this.eventName, cap);
    this.attrStart = grown(this.attrStart, cap);
    this.attrEnd = grown(this.attrEnd, cap);
    this.droppedAttributesCount = grown(this.droppedAttributesCount, cap);
    this.flags = grown(this.flags, cap);
    this.traceId = grown(this.traceId, cap * 16);
    this.spanId = grown(this.spanId, cap * 8);
    this.cap = cap;
  }

  finish(): LogBatch {
    const n = this.count;
    return {
      signal: 'logs',
      tenant: this.tenant,
      count: n,
      strings: this.strings.strings,
      attrs: this.attrs.finish(),
      resources: this.resources,
      scopes: this.scopes,
      resource: this.resource.subarray(0, n),
      scope: this.scope.subarray(0, n),
      timeUnixNano: this.timeUnixNano.subarray(0, n),
      observedTimeUnixNano: this.observedTimeUnixNano.subarray(0, n),
      severityNumber: this.severityNumber.subarray(0, n),
      severityText: this.severityText.subarray(0, n),
      bodyType: this.bodyType.subarray(0, n),
      body: this.body.subarray(0, n),
      eventName: this.eventName.subarray(0, n),
      attrStart: this.attrStart.subarray(0, n),
      attrEnd: this.attrEnd.subarray(0, n),
      droppedAttributesCount: this.droppedAttributesCount.subarray(0, n),
      flags: this.flags.subarray(0, n),
      traceId: this.traceId.subarray(0, n * 16),
      spanId: this.spanId.subarray(0, n * 8),
    };
  }
}
