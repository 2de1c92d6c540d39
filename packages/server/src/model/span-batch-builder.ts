/**
 * Builds a SpanBatch incrementally without an object per span: decoders call `beginSpan()`
 * and write the typed arrays at the returned index; a rejected span is undone with
 * `rollbackSpan(mark)`. The same goes for events and links.
 */
import { AttributeColumnsBuilder } from './attr-builder.js';
import { grown } from './grow.js';
import type { ResourceEntry, ScopeEntry, SpanBatch } from './span-batch.js';
import { StringTable } from './string-table.js';

export interface SpanMark {
  count: number;
  attrs: number;
  events: number;
  links: number;
  strings: number;
}

export class SpanBatchBuilder {
  readonly strings = new StringTable();
  readonly attrs: AttributeColumnsBuilder;
  readonly resources: ResourceEntry[] = [];
  readonly scopes: ScopeEntry[] = [];
  count = 0;
  private cap = 0;

  resource = new Uint32Array(0);
  scope = new Uint32Array(0);
  traceId = new Uint8Array(0);
  spanId = new Uint8Array(0);
  parentSpanId = new Uint8Array(0);
  traceState = new Uint32Array(0);
  flags = new Uint32Array(0);
  name = new Uint32Array(0);
  kind = new Uint8Array(0);
  startTimeUnixNano = new BigUint64Array(0);
  endTimeUnixNano = new BigUint64Array(0);
  statusCode = new Uint8Array(0);
  statusMessage = new Uint32Array(0);
  attrStart = new Uint32Array(0);
  attrEnd = new Uint32Array(0);
  droppedAttributesCount = new Uint32Array(0);
  droppedEventsCount = new Uint32Array(0);
  droppedLinksCount = new Uint32Array(0);
  eventStart = new Uint32Array(0);
  eventEnd = new Uint32Array(0);
  linkStart = new Uint32Array(0);
  linkEnd = new Uint32Array(0);

  eventCount = 0;
  private eventCap = 0;
  eventTime = new BigUint64Array(0);
  eventName = new Uint32Array(0);
  eventAttrStart = new Uint32Array(0);
  eventAttrEnd = new Uint32Array(0);
  eventDropped = new Uint32Array(0);

  linkCount = 0;
  private linkCap = 0;
  linkTraceId = new Uint8Array(0);
  linkSpanId = new Uint8Array(0);
  linkTraceState = new Uint32Array(0);
  linkFlags = new Uint32Array(0);
  linkAttrStart = new Uint32Array(0);
  linkAttrEnd = new Uint32Array(0);
  linkDropped = new Uint32Array(0);

  /** `inputBytes`: size of the encoded request, to allocate once for the common case. */
  constructor(
    readonly tenant: string,
    inputBytes = 0,
  ) {
    this.attrs = new AttributeColumnsBuilder(Math.max(256, Math.ceil(inputBytes / 24)));
    this.growSpans(Math.max(16, Math.ceil(inputBytes / 384)));
  }

  mark(): SpanMark {
    return { count: this.count, attrs: this.attrs.count, events: this.eventCount, links: this.linkCount, strings: this.strings.size };
  }

  /** Undo everything added since `m` (a rejected span). Interned strings stay; they are harmless. */
  rollbackSpan(m: SpanMark): void {
    this.count = m.count;
    this.attrs.truncate(m.attrs);
    this.eventCount = m.events;
    this.linkCount = m.links;
  }

  /** Adds a span with every field zeroed and returns its index. */
  beginSpan(resource: number, scope: number): number {
    const i = this.count;
    if (i >= this.cap) this.growSpans(i + 1);
    this.resource[i] = resource;
    this.scope[i] = scope;
    this.traceId.fill(0, i * 16, i * 16 + 16);
    this.spanId.fill(0, i * 8, i * 8 + 8);
    this.parentSpanId.fill(0, i * 8, i * 8 + 8);
    this.traceState[i] = 0;
    this.flags[i] = 0;
    this.name[i] = 0;
    this.kind[i] = 0;
    this.startTimeUnixNano[i] = 0n;
    this.endTimeUnixNano[i] = 0n;
    this.statusCode[i] = 0;
    this.statusMessage[i] = 0;
    this.attrStart[i] = this.attrs.count;
    this.attrEnd[i] = this.attrs.count;
    this.droppedAttributesCount[i] = 0;
    this.droppedEventsCount[i] = 0;
    this.droppedLinksCount[i] = 0;
    this.eventStart[i] = this.eventCount;
    this.eventEnd[i] = this.eventCount;
    this.linkStart[i] = this.linkCount;
    this.linkEnd[i] = this.linkCount;
    this.count = i + 1;
    return i;
  }

  private growSpans(n: number): void {
    this.resource = grown(this.resource, n);
    this.scope = grown(this.scope, n);
    const cap = this.resource.length;
    this.traceId = grown(this.traceId, cap * 16);
    this.spanId = grown(this.spanId, cap * 8);
    this.parentSpanId = grown(this.parentSpanId, cap * 8);
    this.traceState = grown(this.traceState, cap);
    this.flags = grown(this.flags, cap);
    this.name = grown(this.name, cap);
    this.kind = grown(this.kind, cap);
    this.startTimeUnixNano = grown(this.startTimeUnixNano, cap);
    this.endTimeUnixNano = grown(this.endTimeUnixNano, cap);
    this.statusCode = grown(this.statusCode, cap);
    this.statusMessage = grown(this.statusMessage, cap);
    this.attrStart = grown(this.attrStart, cap);
    this.attrEnd = grown(this.attrEnd, cap);
    this.droppedAttributesCount = grown(this.droppedAttributesCount, cap);
    this.droppedEventsCount = grown(this.droppedEventsCount, cap);
    this.droppedLinksCount = grown(this.droppedLinksCount, cap);
    this.eventStart = grown(this.eventStart, cap);
    this.eventEnd = grown(this.eventEnd, cap);
    this.linkStart = grown(this.linkStart, cap);
    this.linkEnd = grown(this.linkEnd, cap);
    this.cap = cap;
  }

  beginEvent(): number {
    const i = this.eventCount;
    if (i >= this.eventCap) {
      this.eventTime = grown(this.eventTime, i + 1);
      const cap = this.eventTime.length;
      this.eventName = grown(this.eventName, cap);
      this.eventAttrStart = grown(this.eventAttrStart, cap);
      this.eventAttrEnd = grown(this.eventAttrEnd, cap);
      this.eventDropped = grown(this.eventDropped, cap);
      this.eventCap = cap;
    }
    this.eventTime[i] = 0n;
    this.eventName[i] = 0;
    this.eventAttrStart[i] = this.attrs.count;
    this.eventAttrEnd[i] = this.attrs.count;
    this.eventDropped[i] = 0;
    this.eventCount = i + 1;
    return i;
  }

  beginLink(): number {
    const i = this.linkCount;
    if (i >= this.linkCap) {
      this.linkTraceState = grown(this.linkTraceState, i + 1);
      const cap = this.linkTraceState.length;
      this.linkTraceId = grown(this.linkTraceId, cap * 16);
      this.linkSpanId = grown(this.linkSpanId, cap * 8);
      this.linkFlags = grown(this.linkFlags, cap);
      this.linkAttrStart = grown(this.linkAttrStart, cap);
      this.linkAttrEnd = grown(this.linkAttrEnd, cap);
      this.linkDropped = grown(this.linkDropped, cap);
      this.linkCap = cap;
    }
    this.linkTraceId.fill(0, i * 16, i * 16 + 16);
    this.linkSpanId.fill(0, i * 8, i * 8 + 8);
    this.linkTraceState[i] = 0;
    this.linkFlags[i] = 0;
    this.linkAttrStart[i] = this.attrs.count;
    this.linkAttrEnd[i] = this.attrs.count;
    this.linkDropped[i] = 0;
    this.linkCount = i + 1;
    return i;
  }

  finish(): SpanBatch {
    const n = this.count;
    const e = this.eventCount;
    const l = this.linkCount;
    return {
      signal: 'spans',
      tenant: this.tenant,
      count: n,
      strings: this.strings.strings,
      attrs: this.attrs.finish(),
      resources: this.resources,
      scopes: this.scopes,
      resource: this.resource.subarray(0, n),
      scope: this.scope.subarray(0, n),
      traceId: this.traceId.subarray(0, n * 16),
      spanId: this.spanId.subarray(0, n * 8),
      parentSpanId: this.parentSpanId.subarray(0, n * 8),
      traceState: this.traceState.subarray(0, n),
      flags: this.flags.subarray(0, n),
      name: this.name.subarray(0, n),
      kind: this.kind.subarray(0, n),
      startTimeUnixNano: this.startTimeUnixNano.subarray(0, n),
      endTimeUnixNano: this.endTimeUnixNano.subarray(0, n),
      statusCode: this.statusCode.subarray(0, n),
      statusMessage: this.statusMessage.subarray(0, n),
      attrStart: this.attrStart.subarray(0, n),
      attrEnd: this.attrEnd.subarray(0, n),
      droppedAttributesCount: this.droppedAttributesCount.subarray(0, n),
      droppedEventsCount: this.droppedEventsCount.subarray(0, n),
      droppedLinksCount: this.droppedLinksCount.subarray(0, n),
      eventStart: this.eventStart.subarray(0, n),
      eventEnd: this.eventEnd.subarray(0, n),
      linkStart: this.linkStart.subarray(0, n),
      linkEnd: this.linkEnd.subarray(0, n),
      events: {
        count: e,
        timeUnixNano: this.eventTime.subarray(0, e),
        name: this.eventName.subarray(0, e),
        attrStart: this.eventAttrStart.subarray(0, e),
        attrEnd: this.eventAttrEnd.subarray(0, e),
        droppedAttributesCount: this.eventDropped.subarray(0, e),
      },
      links: {
        count: l,
        traceId: this.linkTraceId.subarray(0, l * 16),
        spanId: this.linkSpanId.subarray(0, l * 8),
        traceState: this.linkTraceState.subarray(0, l),
        flags: this.linkFlags.subarray(0, l),
        attrStart: this.linkAttrStart.subarray(0, l),
        attrEnd: this.linkAttrEnd.subarray(0, l),
        droppedAttributesCount: this.linkDropped.subarray(0, l),
      },
    };
  }
}
