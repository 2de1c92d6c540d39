/**
 * Columnar batches to the JSON items the live tail sends, and the filters evaluated on the
 * columnar form first (cheap: string-table comparisons) so that only matching rows are converted.
 */
import type { AttributeColumns, LogBatch, SpanBatch } from '../../model/index.js';

export interface TailFilters {
  service?: string | undefined;
  /** Logs: minimum severity number; spans: 17+ (error) keeps only status=error spans. */
  minSeverity?: number | undefined;
  attributes?: Record<string, string> | undefined;
  /** Lower-case substring of span name / log body. */
  text?: string | undefined;
  /** Lower-case hex. */
  traceId?: string | undefined;
}

export interface TailSpanItem {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  durationNanos: string;
  statusCode: number;
  statusMessage: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface TailLogItem {
  timeUnixNano: string;
  severityNumber: number;
  severityText: string;
  service: string;
  body: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

const SEVERITY_WORDS: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, warning: 13, error: 17, fatal: 21 };

/** `info`, `WARN`, `13` -> an OTLP severity number. */
export function parseSeverity(s: string | number | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  if (typeof s === 'number') return s;
  const n = Number(s);
  if (Number.isInteger(n) && n >= 1 && n <= 24) return n;
  return SEVERITY_WORDS[s.toLowerCase()];
}

function attrValue(a: AttributeColumns, strings: readonly string[], j: number): unknown {
  switch (a.type[j]) {
    case 1:
    case 5:
      return strings[a.str[j]!] ?? '';
    case 2:
      return a.num[j] !== 0;
    case 3: {
      const v = a.int[j]!;
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    }
    case 4:
      return a.num[j];
    case 6:
    case 7:
      try {
        return JSON.parse(strings[a.str[j]!] ?? 'null') as unknown;
      } catch {
        return strings[a.str[j]!];
      }
    default:
      return null;
  }
}

function attrsToObject(a: AttributeColumns, strings: readonly string[], start: number, end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let j = start; j < end; j++) out[strings[a.key[j]!] ?? ''] = attrValue(a, strings, j);
  return out;
}

function attrMatches(a: AttributeColumns, strings: readonly string[], start: number, end: number, key: string, want: string): boolean {
  for (let j = start; j < end; j++) if (strings[a.key[j]!] === key && String(attrValue(a, strings, j)) === want) return true;
  return false;
}

const hex = (bytes: Uint8Array, i: number, width: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + i * width, width).toString('hex');

type Batch = SpanBatch | LogBatch;

function commonMatch(b: Batch, i: number, f: TailFilters): boolean {
  const res = b.resources[b.resource[i]!];
  if (f.service !== undefined && (res ? b.strings[res.serviceName] : '') !== f.service) return false;
  if (f.traceId !== undefined && hex(b.traceId, i, 16) !== f.traceId) return false;
  if (f.attributes) {
    for (const [k, v] of Object.entries(f.attributes)) {
      const own = attrMatches(b.attrs, b.strings, b.attrStart[i]!, b.attrEnd[i]!, k, v);
      if (!own && !(res && attrMatches(b.attrs, b.strings, res.attrStart, res.attrEnd, k, v))) return false;
    }
  }
  return true;
}

export function spanMatches(b: SpanBatch, i: number, f: TailFilters): boolean {
  if (f.minSeverity !== undefined && f.minSeverity >= 17 && b.statusCode[i] !== 2) return false;
  if (f.text !== undefined && !(b.strings[b.name[i]!] ?? '').toLowerCase().includes(f.text)) return false;
  return commonMatch(b, i, f);
}

export function logMatches(b: LogBatch, i: number, f: TailFilters): boolean {
  if (f.minSeverity !== undefined && b.severityNumber[i]! < f.minSeverity) return false;
  if (f.text !== undefined && !(b.strings[b.body[i]!] ?? '').toLowerCase().includes(f.text)) return false;
  return commonMatch(b, i, f);
}

export function spanItem(b: SpanBatch, i: number): TailSpanItem {
  const res = b.resources[b.resource[i]!];
  const start = b.startTimeUnixNano[i]!;
  const end = b.endTimeUnixNano[i]!;
  return {
    traceId: hex(b.traceId, i, 16),
    spanId: hex(b.spanId, i, 8),
    parentSpanId: hex(b.parentSpanId, i, 8).replace(/^0+$/, ''),
    service: res ? (b.strings[res.serviceName] ?? '') : '',
    name: b.strings[b.name[i]!] ?? '',
    kind: b.kind[i]!,
    startTimeUnixNano: start.toString(),
    durationNanos: (end > start ? end - start : 0n).toString(),
    statusCode: b.statusCode[i]!,
    statusMessage: b.strings[b.statusMessage[i]!] ?? '',
    attributes: attrsToObject(b.attrs, b.strings, b.attrStart[i]!, b.attrEnd[i]!),
    resource: res ? attrsToObject(b.attrs, b.strings, res.attrStart, res.attrEnd) : {},
  };
}

export function logItem(b: LogBatch, i: number): TailLogItem {
  const res = b.resources[b.resource[i]!];
  const t = b.timeUnixNano[i]! || b.observedTimeUnixNano[i]!;
  return {
    timeUnixNano: t.toString(),
    severityNumber: b.severityNumber[i]!,
    severityText: b.strings[b.severityText[i]!] ?? '',
    service: res ? (b.strings[res.serviceName] ?? '') : '',
    body: b.strings[b.body[i]!] ?? '',
    traceId: hex(b.traceId, i, 16).replace(/^0+$/, ''),
    spanId: hex(b.spanId, i, 8).replace(/^0+$/, ''),
    attributes: attrsToObject(b.attrs, b.strings, b.attrStart[i]!, b.attrEnd[i]!),
    resource: res ? attrsToObject(b.attrs, b.strings, res.attrStart, res.attrEnd) : {},
  };
}
