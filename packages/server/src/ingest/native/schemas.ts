/**
 * The native JSON ingest form (docs/ingest.md): one flat object per span, log record or
 * sample, attributes as plain objects. Validated with zod; errors name the item and field.
 */
import { z } from 'zod';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `expected ${bytes} bytes as ${bytes * 2} hex digits`);
/** Nanoseconds since the epoch, as a decimal string (exact) or a number (beyond 2^53 it loses the last digits). */
const unixNano = z.union([
  z.string().regex(/^\d{1,20}$/, 'expected nanoseconds since the epoch as decimal digits'),
  z.number().nonnegative().refine((n) => Number.isInteger(n) && n < 2 ** 64, 'expected nanoseconds since the epoch as an integer'),
]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const attributeValue = z.union([scalar, z.array(scalar)]);
export const attributes = z.record(z.string().min(1), attributeValue);

export const nativeSpan = z.strictObject({
  traceId: hex(16),
  spanId: hex(8),
  parentSpanId: hex(8).optional(),
  name: z.string().min(1),
  service: z.string().min(1).describe('service.name of the resource'),
  kind: z.enum(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']).default('internal'),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  status: z.strictObject({ code: z.enum(['unset', 'ok', 'error']), message: z.string().optional() }).optional(),
  attributes: attributes.optional(),
  resource: attributes.optional(),
  events: z.array(z.strictObject({ name: z.string(), timeUnixNano: unixNano, attributes: attributes.optional() })).optional(),
  links: z.array(z.strictObject({ traceId: hex(16), spanId: hex(8), attributes: attributes.optional() })).optional(),
});

export const nativeLog = z.strictObject({
  timeUnixNano: unixNano.optional(),
  service: z.string().min(1).optional(),
  severity: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional(),
  severityNumber: z.number().int().min(0).max(24).optional(),
  severityText: z.string().optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown()), z.number(), z.boolean()]),
  attributes: attributes.optional(),
  resource: attributes.optional(),
  traceId: hex(16).optional(),
  spanId: hex(8).optional(),
});

export const nativeSample = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a Prometheus metric name'),
  labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name'), z.string()).optional(),
  value: z.union([z.number(), z.enum(['NaN', '+Inf', '-Inf'])]),
  timestampMs: z.number().int().nonnegative().optional(),
  type: z.enum(['counter', 'gauge', 'histogram', 'summary', 'unknown']).optional(),
  help: z.string().optional(),
  unit: z.string().optional(),
});

export const nativeTraces = z.strictObject({ spans: z.array(nativeSpan).min(1) });
export const nativeLogs = z.strictObject({ logs: z.array(nativeLog).min(1) });
export const nativeMetrics = z.strictObject({ samples: z.array(nativeSample).min(1) });

export type NativeSpan = z.infer<typeof nativeSpan>;
export type NativeLog = z.infer<typeof nativeLog>;
export type NativeSample = z.infer<typeof nativeSample>;
