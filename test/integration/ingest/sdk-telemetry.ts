/**
 * Telemetry made by the real OpenTelemetry JS SDK, with every field OTLP has: attributes of
 * every type, events, links, status, kinds, trace state; log records with text and map
 * bodies, severities and trace context. Used by the decoder unit tests and the receiver
 * integration tests, which check that all of it arrives intact.
 */
import { SpanKind, SpanStatusCode, context, trace, type Tracer } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';

export const RESOURCE_ATTRS = {
  'service.name': 'checkout',
  'service.version': '1.4.2',
  'deployment.environment': 'test',
  'host.cpu.count': 8,
};

export function testResource(extra: Record<string, string> = {}): Resource {
  return resourceFromAttributes({ ...RESOURCE_ATTRS, ...extra });
}

/** Records spans on `tracer`; returns the number of spans made. */
export function recordSpans(tracer: Tracer, n = 3): number {
  const linked = tracer.startSpan('linked-producer', { kind: SpanKind.PRODUCER });
  linked.end();
  let made = 1;
  for (let k = 0; k < n; k++) {
    const root = tracer.startSpan(`GET /orders/${k}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 200 + k,
        'http.route': '/orders/:id',
        'sampled': true,
        'ratio': 0.25 + k,
        'tags': ['a', 'b', `c${k}`],
        'codes': [1, 2, 3],
        'flags': [true, false],
        'unicode': 'grüße 🚀',
      },
      links: [{ context: linked.spanContext(), attributes: { 'link.kind': 'follows', 'link.n': k } }],
    });
    root.addEvent('cache.miss', { 'cache.key': `order:${k}`, 'cache.size': 1024 });
    root.addEvent('retry');
    const ctx = trace.setSpan(context.active(), root);
    const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.rows': 42 } }, ctx);
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
    child.recordException(new Error('deadlock detected'));
    child.end();
    const internal = tracer.startSpan('compute', { kind: SpanKind.INTERNAL }, ctx);
    internal.setStatus({ code: SpanStatusCode.OK });
    internal.end();
    const consumer = tracer.startSpan('consume', { kind: SpanKind.CONSUMER }, ctx);
    consumer.end();
    root.end();
    made += 4;
  }
  return made;
}

export async function sdkSpans(n = 3): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: testResource(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  recordSpans(provider.getTracer('pointer-test', '2.0.0'), n);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

export function tracerProviderWith(exporter: SpanExporter, extra: Record<string, string> = {}): BasicTracerProvider {
  return new BasicTracerProvider({ resource: testResource(extra), spanProcessors: [new SimpleSpanProcessor(exporter)] });
}

/** Emits log records on `provider`; returns how many. */
export function recordLogs(provider: LoggerProvider, n = 3): number {
  const logger = provider.getLogger('pointer-test-logs', '3.1.0');
  const tracer = trace.getTracer('none');
  void tracer;
  for (let k = 0; k < n; k++) {
    logger.emit({
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: `payment ${k} failed: card declined`,
      attributes: { 'order.id': `o-${k}`, 'amount': 12.5 + k, 'attempt': k, 'retry': false, 'tags': ['x', 'y'] },
      timestamp: 1_700_000_000_000 + k,
    });
    logger.emit({
      severityNumber: SeverityNumber.INFO2,
      body: { message: 'structured', count: k, nested: { ok: true } },
      attributes: { kind: 'map-body' },
    });
  }
  return n * 2;
}

export async function sdkLogs(n = 3): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: testResource(), processors: [new SimpleLogRecordProcessor({ exporter })] });
  recordLogs(provider, n);
  await provider.forceFlush();
  const logs = exporter.getFinishedLogRecords();
  await provider.shutdown();
  return logs;
}

export function loggerProviderWith(exporter: LogRecordExporter, extra: Record<string, string> = {}): LoggerProvider {
  return new LoggerProvider({ resource: testResource(extra), processors: [new SimpleLogRecordProcessor({ exporter })] });
}
