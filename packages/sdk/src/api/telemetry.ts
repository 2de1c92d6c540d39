/**
 * Telemetry reads through the compatibility APIs, whose shapes are fixed by their upstream
 * specifications: PromQL (/prometheus/api/v1), Tempo (/tempo/api) and LogQL (/loki/api/v1).
 * All are reads, so they are retried with backoff on connection failures, 429 and 503.
 */
import type { Transport } from '../http.js';
import type { LogQueryData, PromQueryData, TraceSearchHit } from '../types.js';

type Time = Date | number | string;
/** Prometheus accepts RFC 3339 or unix seconds. */
const promTime = (t: Time | undefined): string | undefined => (t === undefined ? undefined : t instanceof Date ? String(t.getTime() / 1000) : String(t));
const unixSeconds = (t: Time | undefined): number | undefined =>
  t === undefined ? undefined : t instanceof Date ? Math.floor(t.getTime() / 1000) : typeof t === 'number' ? Math.floor(t) : Math.floor(Date.parse(t) / 1000);
/** Loki takes nanoseconds as a string. */
const lokiTime = (t: Time | undefined): string | undefined => {
  if (t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t * 1000 : Date.parse(t);
  return `${BigInt(Math.round(ms)) * 1_000_000n}`;
};

interface PromEnvelope<T> {
  status: 'success' | 'error';
  data: T;
  warnings?: string[];
}

export class MetricsApi {
  constructor(private readonly t: Transport) {}

  /** Instant PromQL query. */
  async query(expr: string, options: { time?: Time; timeout?: string } = {}): Promise<PromQueryData> {
    return (await this.t.json<PromEnvelope<PromQueryData>>('GET', '/prometheus/api/v1/query', { query: { query: expr, time: promTime(options.time), timeout: options.timeout } })).data;
  }

  /** Range PromQL query; `step` as a duration (15s) or seconds. */
  async queryRange(expr: string, options: { start: Time; end: Time; step: string | number }): Promise<PromQueryData> {
    return (
      await this.t.json<PromEnvelope<PromQueryData>>('GET', '/prometheus/api/v1/query_range', {
        query: { query: expr, start: promTime(options.start), end: promTime(options.end), step: String(options.step) },
      })
    ).data;
  }

  async labels(options: { match?: string[] } = {}): Promise<string[]> {
    return (await this.t.json<PromEnvelope<string[]>>('GET', '/prometheus/api/v1/labels', { query: { 'match[]': options.match } })).data;
  }

  async labelValues(label: string): Promise<string[]> {
    return (await this.t.json<PromEnvelope<string[]>>('GET', `/prometheus/api/v1/label/${encodeURIComponent(label)}/values`)).data;
  }

  async series(match: string[], options: { start?: Time; end?: Time } = {}): Promise<Record<string, string>[]> {
    return (await this.t.json<PromEnvelope<Record<string, string>[]>>('GET', '/prometheus/api/v1/series', { query: { 'match[]': match, start: promTime(options.start), end: promTime(options.end) } })).data;
  }
}

export interface TraceSearchOptions {
  /** TraceQL, e.g. `{ resource.service.name = "checkout" && status = error }`. */
  q?: string;
  /** logfmt tag search, e.g. `service.name=checkout http.status_code=500`. */
  tags?: string;
  minDuration?: string;
  maxDuration?: string;
  limit?: number;
  start?: Time;
  end?: Time;
}

export interface TraceListOptions {
  service?: string;
  spanName?: string;
  status?: 'unset' | 'ok' | 'error';
  minDuration?: string;
  maxDuration?: string;
  /** Attribute equality `key=value` (span or resource attributes). */
  attr?: string[];
  start?: Time;
  end?: Time;
  limit?: number;
}

export interface TraceListItem {
  traceId: string;
  rootServiceName: string;
  rootSpanName: string;
  startTimeUnixNano: string;
  durationNanos: string;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export interface LogSearchOptions {
  service?: string;
  severity?: string;
  /** Substring of the body. */
  q?: string;
  traceId?: string;
  attr?: string[];
  start?: Time;
  end?: Time;
  limit?: number;
  cursor?: string;
}

export interface LogSearchItem {
  serviceName: string;
  resource: Record<string, unknown>;
  scope: Record<string, unknown>;
  record: Record<string, unknown>;
}

export class TracesApi {
  constructor(private readonly t: Transport) {}

  /** Pointer's own trace search (GET /api/v1/traces), newest first. */
  async list(o: TraceListOptions = {}): Promise<TraceListItem[]> {
    const r = await this.t.json<{ traces: TraceListItem[] }>('GET', '/api/v1/traces', {
      query: { service: o.service, spanName: o.spanName, status: o.status, minDuration: o.minDuration, maxDuration: o.maxDuration, attr: o.attr, start: unixSeconds(o.start), end: unixSeconds(o.end), limit: o.limit },
    });
    return r.traces;
  }

  async search(o: TraceSearchOptions = {}): Promise<TraceSearchHit[]> {
    const r = await this.t.json<{ traces?: TraceSearchHit[] }>('GET', '/tempo/api/search', {
      query: { q: o.q, tags: o.tags, minDuration: o.minDuration, maxDuration: o.maxDuration, limit: o.limit, start: unixSeconds(o.start), end: unixSeconds(o.end) },
    });
    return r.traces ?? [];
  }

  /** One trace in OTLP/JSON (`{ resourceSpans }`), from Tempo's v2 trace-by-id API. */
  async get(traceId: string): Promise<{ resourceSpans: unknown[] }> {
    const r = await this.t.json<{ trace?: { resourceSpans?: unknown[] } }>('GET', `/tempo/api/v2/traces/${encodeURIComponent(traceId)}`);
    return { resourceSpans: r.trace?.resourceSpans ?? [] };
  }
}

export class ServicesApi {
  constructor(private readonly t: Transport) {}

  /** Names of the services that sent spans (GET /api/v1/services). */
  async list(): Promise<string[]> {
    return (await this.t.json<{ services: string[] }>('GET', '/api/v1/services')).services;
  }
}

export class LogsApi {
  constructor(private readonly t: Transport) {}

  /** Pointer's own log search (GET /api/v1/logs), newest first; pass `nextCursor` back as `cursor`. */
  async search(o: LogSearchOptions = {}): Promise<{ logs: LogSearchItem[]; nextCursor?: string }> {
    return this.t.json('GET', '/api/v1/logs', {
      query: { service: o.service, severity: o.severity, q: o.q, traceId: o.traceId, attr: o.attr, start: unixSeconds(o.start), end: unixSeconds(o.end), limit: o.limit, cursor: o.cursor },
    });
  }

  /** LogQL range query, e.g. `{service_name="checkout"} |= "timeout"`. */
  async query(logql: string, o: { start?: Time; end?: Time; limit?: number; direction?: 'forward' | 'backward' } = {}): Promise<LogQueryData> {
    const r = await this.t.json<PromEnvelope<LogQueryData>>('GET', '/loki/api/v1/query_range', {
      query: { query: logql, start: lokiTime(o.start), end: lokiTime(o.end), limit: o.limit, direction: o.direction },
    });
    return r.data;
  }
}
