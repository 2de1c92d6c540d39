/**
 * The real OpenTelemetry JS SDK exporters (gRPC, HTTP/protobuf, HTTP/JSON) send traces, logs
 * and metrics to the ingest role; every attribute, event, link and status must reach the bus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { OTLPTraceExporter as GrpcTraces } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoTraces } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraces } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPLogExporter as GrpcLogs } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogs } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogs } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter as GrpcMetrics } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as ProtoMetrics } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as JsonMetrics } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { DEFAULT_INGEST_LIMITS, decodeLogsProtobuf, decodeTracesProtobuf, logBatchToJson, spanBatchToJson } from '@pointer/server';
import { sdkLogs, sdkSpans, testResource } from './sdk-telemetry.js';
import { startIngest, type IngestHarness } from './harness.js';

let h: IngestHarness;
beforeAll(async () => {
  h = await startIngest();
});
afterAll(async () => {
  await h?.stop();
});

interface Exporter<T> {
  export(items: T[], cb: (r: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

function send<T>(exporter: Exporter<T>, items: T[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

const ctx = { tenant: 'default', limits: DEFAULT_INGEST_LIMITS };

describe('OTLP receivers with the OpenTelemetry JS SDK exporters', () => {
  const traceExporters = () => [
    ['grpc', new GrpcTraces({ url: h.grpc })],
    ['http/protobuf', new ProtoTraces({ url: `${h.http}/v1/traces` })],
    ['http/json', new JsonTraces({ url: `${h.http}/v1/traces` })],
    ['grpc+gzip', new GrpcTraces({ url: h.grpc, compression: CompressionAlgorithm.GZIP })],
    ['http/protobuf+gzip', new ProtoTraces({ url: `${h.http}/v1/traces`, compression: CompressionAlgorithm.GZIP })],
  ] as const;

  it('traces arrive intact over gRPC, HTTP/protobuf and HTTP/JSON, gzip-compressed too', async () => {
    const spans = await sdkSpans(3);
    const expected = spanBatchToJson(decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!, ctx).batch);
    for (const [name, exporter] of traceExporters()) {
      h.clear();
      const result = await send(exporter, spans);
      expect(result.error, name).toBeUndefined();
      expect(result.code, name).toBe(ExportResultCode.SUCCESS);
      expect(h.recorded.spans.length, name).toBe(1);
      const got = h.recorded.spans[0]!;
      expect(got.tenant).toBe('default');
      expect(got.count).toBe(spans.length);
      expect(spanBatchToJson(got), name).toEqual(expected);
      await exporter.shutdown();
    }
  });

  it('logs arrive intact over gRPC, HTTP/protobuf and HTTP/JSON', async () => {
    const logs = await sdkLogs(3);
    const expected = logBatchToJson(decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(logs)!, ctx).batch);
    const exporters = [
      ['grpc', new GrpcLogs({ url: h.grpc })],
      ['http/protobuf', new ProtoLogs({ url: `${h.http}/v1/logs` })],
      ['http/json', new JsonLogs({ url: `${h.http}/v1/logs` })],
    ] as const;
    for (const [name, exporter] of exporters) {
      h.clear();
      const result = await send(exporter, logs);
      expect(result.code, `${name}: ${result.error?.message}`).toBe(ExportResultCode.SUCCESS);
      expect(h.recorded.logs.length, name).toBe(1);
      expect(logBatchToJson(h.recorded.logs[0]!), name).toEqual(expected);
      await exporter.shutdown();
    }
  });

  it('metrics are decoded by the metrics decoder and published on topic metrics', async () => {
    const exporters: [string, PushMetricExporter][] = [
      ['grpc', new GrpcMetrics({ url: h.grpc })],
      ['http/protobuf', new ProtoMetrics({ url: `${h.http}/v1/metrics` })],
      ['http/json', new JsonMetrics({ url: `${h.http}/v1/metrics` })],
    ];
    for (const [name, exporter] of exporters) {
      h.clear();
      const provider = new MeterProvider({ resource: testResource(), readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 600_000 })] });
      const counter = provider.getMeter('pointer-test').createCounter('orders_processed', { description: 'orders' });
      counter.add(5, { region: 'eu' });
      await provider.forceFlush();
      // shutdown exports once more, after what forceFlush sent: look at the first batch
      await provider.shutdown();
      expect(h.recorded.metrics.length, name).toBeGreaterThanOrEqual(1);
      const b = h.recorded.metrics[0]!;
      expect(b.count, name).toBeGreaterThan(0);
      const names = b.series.map((s) => s.labels.find(([k]) => k === '__name__')?.[1]);
      expect(names.some((n) => n?.startsWith('orders_processed')), `${name}: ${names.join(',')}`).toBe(true);
      const row = [...Array(b.count).keys()].find((i) => b.series[b.seriesIndex[i]!]!.labels.some(([k, v]) => k === 'region' && v === 'eu'));
      expect(row !== undefined && b.value[row], name).toBe(5);
    }
  });
});
