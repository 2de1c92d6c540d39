/**
 * The log store: what the processor writes log records into, and what Pointer's log search and
 * the Loki-compatible API read. One implementation (clickhouse-log-store.ts) over either
 * ClickHouse connection.
 */
import type { LogBatch } from '../../model/index.js';
import type { AttributeFilter, QueryBounds, TimeRange } from '../traces/trace-store.js';

/** A full-text condition on the body: a term (whole token) or a phrase (substring), case-insensitive. */
export interface TextCondition {
  text: string;
  phrase: boolean;
  negate: boolean;
}

/** LogQL line filters, with Loki's semantics: case-sensitive substring, RE2 regex. */
export interface LineFilter {
  op: '|=' | '!=' | '|~' | '!~';
  value: string;
}

/**
 * A matcher on a stream label. `keys` are the resource attribute names the label can come
 * from (e.g. service_name <- service.name), tried in order; `serviceName` matches the
 * ServiceName column instead.
 */
export interface ResourceMatcher {
  keys: readonly string[];
  serviceName?: boolean;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface LogFilter {
  range: TimeRange;
  service?: string;
  minSeverity?: number;
  text?: TextCondition[];
  lineFilters?: LineFilter[];
  /** On the record's own or its resource's attributes. */
  attributes?: AttributeFilter[];
  resourceMatchers?: ResourceMatcher[];
  traceId?: string;
}

export interface LogPage {
  /** OTLP/JSON resourceLogs of the page, newest record first within each scope. */
  records: StoredLogRecord[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/** One stored record with its resource and scope, as OTLP/JSON parts. */
export interface StoredLogRecord {
  resource: Record<string, unknown>;
  resourceSchemaUrl: string;
  scope: Record<string, unknown>;
  scopeSchemaUrl: string;
  record: Record<string, unknown>;
  /** Flattened for Loki: the service, resource attribute texts, the body line. */
  serviceName: string;
  resourceText: Record<string, string>;
  line: string;
  timeNs: string;
}

/** A record as a LogQL pipeline reads it: the line, its stream and its structured metadata. */
export interface LogLine {
  timeNs: string;
  line: string;
  /** A hash of the service and resource attributes, the key of its LineResource. */
  resourceHash: string;
  /** The record's attribute names and texts, side by side. */
  attributeKeys: string[];
  attributeValues: string[];
  traceId: string;
  spanId: string;
  severityText: string;
  severityNumber: number;
}

/** The resource of lines (LogLine.resourceHash): the service and the attribute names and texts. */
export interface LineResource {
  serviceName: string;
  keys: string[];
  values: string[];
}

export interface LinePage {
  lines: LogLine[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface CountSeries {
  serviceName: string;
  resourceText: Record<string, string>;
  /** Step index -> count. */
  counts: Map<number, number>;
}

export interface ResourceVolume {
  serviceName: string;
  resourceText: Record<string, string>;
  entries: number;
  bytes: number;
}

export interface StepRange {
  startNs: bigint;
  stepNs: bigint;
  /** Number of evaluation steps (start, start+step, ...). */
  steps: number;
  /** The range of count_over_time([range]). */
  windowNs: bigint;
}

export interface LogStore {
  /** Resolves when the records are committed. */
  write(batch: LogBatch): Promise<void>;
  /** Newest first, `limit` per page. */
  search(tenant: string, filter: LogFilter, limit: number, cursor: string | undefined, bounds: QueryBounds, direction?: 'backward' | 'forward'): Promise<LogPage>;
  /** How many records match. */
  count(tenant: string, filter: LogFilter, bounds: QueryBounds): Promise<number>;
  /** The resources of the records that match, by LogLine.resourceHash. */
  lineResources(tenant: string, filter: LogFilter, bounds: QueryBounds): Promise<Map<string, LineResource>>;
  /** Like search, with only what a LogQL pipeline reads (a lighter read for long scans). */
  lines(tenant: string, filter: LogFilter, limit: number, cursor: string | undefined, bounds: QueryBounds, direction: 'backward' | 'forward'): Promise<LinePage>;
  /** count_over_time per resource at each step: entries in (t - window, t]. */
  countOverTime(tenant: string, filter: Omit<LogFilter, 'range'>, steps: StepRange, bounds: QueryBounds): Promise<CountSeries[]>;
  /** Distinct resources (service and attribute texts) of the records that match, at most `limit`. */
  resources(tenant: string, filter: LogFilter, bounds: QueryBounds, limit: number): Promise<{ serviceName: string; resourceText: Record<string, string> }[]>;
  /** Entries and body bytes per resource of the records that match, largest first, at most `limit`. */
  resourceVolumes(tenant: string, filter: LogFilter, bounds: QueryBounds, limit: number): Promise<ResourceVolume[]>;
  /** Distinct resource attribute keys (and whether ServiceName is set) in the range. */
  resourceKeys(tenant: string, range: TimeRange, bounds: QueryBounds): Promise<string[]>;
  /** Distinct values of a resource attribute (first of `keys` present), or of ServiceName. */
  resourceValues(tenant: string, keys: readonly string[], serviceName: boolean, range: TimeRange, bounds: QueryBounds, limit: number): Promise<string[]>;
  forceFlush(): Promise<void>;
  stop(): Promise<void>;
}
