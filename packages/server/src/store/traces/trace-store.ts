/**
 * The trace store: what the processor writes spans into and what the query APIs read.
 * One implementation (clickhouse-trace-store.ts) over either ClickHouse connection.
 */
import type { SpanBatch } from '../../model/index.js';
import type { OtlpKeyValue } from '../clickhouse/otel-attributes.js';
import type { TraceFilter } from './trace-filter.js';

/** A time range in Unix nanoseconds, [startNs, endNs]. */
export interface TimeRange {
  startNs: bigint;
  endNs: bigint;
}

export interface AttributeFilter {
  key: string;
  /** `eq`: exact value; `contains`: case-insensitive substring (Tempo's tag search). */
  op: 'eq' | 'contains';
  value: string;
}

export interface TraceSearch {
  range: TimeRange;
  service?: string;
  spanName?: string;
  status?: 'unset' | 'ok' | 'error';
  /** OTLP SpanKind name in lower case: internal, server, client, producer, consumer, unspecified. */
  kind?: string;
  minDurationNs?: bigint;
  maxDurationNs?: bigint;
  /** All must hold on one span (its own or its resource's attributes). */
  attributes?: AttributeFilter[];
  /** A TraceQL query's filter (trace-filter.ts); the fields above hold as well, on each matching span. */
  filter?: TraceFilter;
  limit: number;
  /** Matched spans returned per trace (Tempo's spss). */
  spansPerTrace?: number;
}

export interface MatchedSpan {
  spanId: string;
  name: string;
  startTimeUnixNano: string;
  durationNanos: string;
  /** The filter's shown fields that the span has (OTLP JSON values). */
  attributes: OtlpKeyValue[];
}

export interface TraceSummary {
  traceId: string;
  rootServiceName: string;
  rootSpanName: string;
  startTimeUnixNano: string;
  durationNanos: string;
  spanCount: number;
  errorCount: number;
  services: string[];
  /** Spans of the trace that match the search (in the range). */
  matchedCount: number;
  /** The first few of them (spansPerTrace). */
  matched: MatchedSpan[];
}

/** OTLP/JSON (spec form) TracesData. */
export interface OtlpTracesJson {
  resourceSpans: Record<string, unknown>[];
}

export type AttributeScope = 'span' | 'resource' | 'all';

export interface AttributeValue {
  value: string;
  /** OTLP type of the value (string, bool, int, double, bytes, array, kvlist, empty). */
  type: string;
  count: number;
}

export interface Operation {
  name: string;
  kind: string;
  count: number;
}

export interface QueryBounds {
  signal?: AbortSignal;
  /** Engine-side limit for this query. */
  timeoutMs: number;
}

export interface TraceStore {
  /** Resolves when the spans are committed. */
  write(batch: SpanBatch): Promise<void>;
  /** The whole trace, or undefined when no span of it is stored. */
  getTrace(tenant: string, traceId: string, bounds: QueryBounds, range?: TimeRange, maxSpans?: number): Promise<OtlpTracesJson | undefined>;
  search(tenant: string, q: TraceSearch, bounds: QueryBounds): Promise<TraceSummary[]>;
  services(tenant: string, range: TimeRange, bounds: QueryBounds): Promise<string[]>;
  operations(tenant: string, service: string | undefined, range: TimeRange, bounds: QueryBounds): Promise<Operation[]>;
  attributeKeys(tenant: string, scope: AttributeScope, range: TimeRange, bounds: QueryBounds): Promise<{ span: string[]; resource: string[] }>;
  /** `filter`: only the values on spans that match it (a TraceQL query's span conditions). */
  attributeValues(tenant: string, key: string, scope: AttributeScope, range: TimeRange, bounds: QueryBounds, limit: number, filter?: TraceFilter): Promise<AttributeValue[]>;
  forceFlush(): Promise<void>;
  stop(): Promise<void>;
}

export type { OtlpKeyValue };
