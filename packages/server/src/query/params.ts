/**
 * Parsing and bounding of query parameters shared by the REST, Tempo and Loki routes: times
 * (Unix ns / µs / ms / s, floats, RFC 3339), Go and Prometheus durations, limits, the allowed
 * time range and the query timeout, each failing with PTR_ERR_VALIDATION naming the parameter.
 */
import { ptrError } from '../errors/index.js';
import type { QueryBounds, TimeRange } from '../store/traces/trace-store.js';

export interface QueryLimits {
  timeoutMs: number;
  maxRangeNs: bigint;
  maxResults: number;
  maxTraceSpans: number;
}

const NS_PER_S = 1_000_000_000n;

export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** Unix time in `unit` (or guessed by magnitude when 'auto'), or RFC 3339, to nanoseconds. */
export function parseTime(value: string, name: string, unit: 'auto' | 's' = 'auto'): bigint {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const n = BigInt(v);
    if (unit === 's') return n * NS_PER_S;
    // Loki accepts ns; Tempo and Jaeger use s or µs: decide by magnitude, as Loki does.
    if (v.length >= 18) return n;
    if (v.length >= 15) return n * 1000n;
    if (v.length >= 12) return n * 1_000_000n;
    return n * NS_PER_S;
  }
  if (/^\d+\.\d+$/.test(v)) {
    const [i, f] = v.split('.') as [string, string];
    return BigInt(i) * NS_PER_S + BigInt((f + '000000000').slice(0, 9));
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) throw ptrError('PTR_ERR_VALIDATION', `${name}: expected Unix time or RFC 3339, got ${JSON.stringify(value.slice(0, 64))}`);
  const frac = /\.(\d+)/.exec(v)?.[1] ?? '';
  return BigInt(Math.floor(ms / 1000)) * NS_PER_S + BigInt((frac + '000000000').slice(0, 9));
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9, w: 604800e9, y: 31536000e9 };

/** Go (`1h30m`, `250ms`, `1.5s`) and Prometheus (`5m`, `1d`) durations, or plain seconds, to ns. */
export function parseDurationNs(value: string, name: string): bigint {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return BigInt(Math.round(Number(v) * 1e9));
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== v.length) throw ptrError('PTR_ERR_VALIDATION', `${name}: expected a duration such as 250ms, 1.5s, 5m, 1h30m; got ${JSON.stringify(value.slice(0, 64))}`);
  return BigInt(Math.round(total));
}

/** A bounded time range: defaults to the last `defaultNs`, refused beyond maxRange. */
export function timeRange(startNs: bigint | undefined, endNs: bigint | undefined, limits: QueryLimits, defaultNs = 3600n * NS_PER_S): TimeRange {
  const end = endNs ?? nowNs();
  const start = startNs ?? end - defaultNs;
  if (start > end) throw ptrError('PTR_ERR_VALIDATION', 'start: must not be after end');
  if (end - start > limits.maxRangeNs) {
    throw ptrError('PTR_ERR_QUERY_LIMIT', `the time range (${Number((end - start) / NS_PER_S)} s) is wider than the configured query.maxRange (${Number(limits.maxRangeNs / NS_PER_S)} s)`);
  }
  return { startNs: start, endNs: end };
}

export function limitParam(value: string | number | undefined, name: string, def: number, limits: QueryLimits): number {
  if (value === undefined || value === '') return Math.min(def, limits.maxResults);
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) throw ptrError('PTR_ERR_VALIDATION', `${name}: expected a positive integer, got ${JSON.stringify(String(value).slice(0, 32))}`);
  if (n > limits.maxResults) throw ptrError('PTR_ERR_QUERY_LIMIT', `${name}: ${n} is above the configured query.maxResults (${limits.maxResults})`);
  return n;
}

export function queryBounds(limits: QueryLimits, signal?: AbortSignal): QueryBounds {
  return { timeoutMs: limits.timeoutMs, ...(signal ? { signal } : {}) };
}

/** A 32-hex-digit trace id (Tempo also accepts shorter ids, left-padded with zeros). */
export function traceIdParam(value: string, name = 'traceId'): string {
  if (!/^[0-9a-fA-F]{1,32}$/.test(value)) throw ptrError('PTR_ERR_VALIDATION', `${name}: expected up to 32 hex digits, got ${JSON.stringify(value.slice(0, 64))}`);
  return value.toLowerCase().padStart(32, '0');
}

export function oneString(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length ? String(v[v.length - 1]) : undefined;
  return v === undefined || v === null ? undefined : String(v);
}
