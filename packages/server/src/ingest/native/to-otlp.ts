/**
 * Native items as OTLP/JSON, so that they pass through the same decoder, validation and
 * limits as OTLP. Item k becomes resourceSpans[k] / resourceLogs[k], which lets error paths
 * be translated back to `spans[k]` / `logs[k]`.
 */
import type { NativeLog, NativeSpan } from './schemas.js';

type AttrValue = string | number | boolean | (string | number | boolean)[];

function anyValue(v: AttrValue | unknown): Record<string, unknown> {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => anyValue(x)) } };
  if (v !== null && typeof v === 'object') return { kvlistValue: { values: Object.entries(v).map(([key, value]) => ({ key, value: anyValue(value) })) } };
  return {};
}

function kvs(o: Record<string, AttrValue> | undefined): { key: string; value: Record<string, unknown> }[] {
  return Object.entries(o ?? {}).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const KIND = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
const STATUS = { unset: 0, ok: 1, error: 2 } as const;
const SEVERITY = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 } as const;

export function spansToOtlp(spans: NativeSpan[]): unknown {
  return {
    resourceSpans: spans.map((s) => ({
      resource: { attributes: kvs({ ...s.resource, 'service.name': s.service }) },
      scopeSpans: [{
        scope: { name: 'pointer.native-json' },
        spans: [{
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          name: s.name,
          kind: KIND[s.kind],
          startTimeUnixNano: String(s.startTimeUnixNano),
          endTimeUnixNano: String(s.endTimeUnixNano),
          attributes: kvs(s.attributes),
          events: (s.events ?? []).map((e) => ({ name: e.name, timeUnixNano: String(e.timeUnixNano), attributes: kvs(e.attributes) })),
          links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: kvs(l.attributes) })),
          status: s.status ? { code: STATUS[s.status.code], message: s.status.message ?? '' } : undefined,
        }],
      }],
    })),
  };
}

export function logsToOtlp(logs: NativeLog[], nowNs: bigint): unknown {
  return {
    resourceLogs: logs.map((l) => ({
      resource: { attributes: kvs({ ...l.resource, ...(l.service ? { 'service.name': l.service } : {}) }) },
      scopeLogs: [{
        scope: { name: 'pointer.native-json' },
        logRecords: [{
          timeUnixNano: l.timeUnixNano === undefined ? undefined : String(l.timeUnixNano),
          observedTimeUnixNano: String(nowNs),
          severityNumber: l.severityNumber ?? (l.severity ? SEVERITY[l.severity] : 0),
          severityText: l.severityText ?? (l.severity ? l.severity.toUpperCase() : ''),
          body: anyValue(l.body),
          attributes: kvs(l.attributes),
          traceId: l.traceId ?? '',
          spanId: l.spanId ?? '',
        }],
      }],
    })),
  };
}

/** `resourceSpans[3].scopeSpans[0].spans[0].x` -> `spans[3].x` (and the same for logs). */
export function nativePath(message: string): string {
  return message
    .replace(/resourceSpans\[(\d+)\]\.scopeSpans\[0\]\.spans\[0\]/g, 'spans[$1]')
    .replace(/resourceLogs\[(\d+)\]\.scopeLogs\[0\]\.logRecords\[0\]/g, 'logs[$1]');
}
