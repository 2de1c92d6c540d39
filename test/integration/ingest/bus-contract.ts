/**
 * The one contract every Bus implementation meets, run against the memory bus and against
 * Kafka: batches reach every subscriber group intact (spans, logs, metrics, tenant), a
 * publish resolves only once durable, lifecycle calls are idempotent.
 */
import { describe, expect, it } from 'vitest';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  DEFAULT_INGEST_LIMITS, decodeLogsProtobuf, decodeTracesProtobuf, logBatchToJson, spanBatchToJson, isPtrError, type Bus, type MetricBatch, type Topic, type TopicBatches,
} from '@pointer/server';
import { sdkLogs, sdkSpans } from './sdk-telemetry.js';

export interface BusFactory {
  /** A fresh bus (unique topics/groups per call where the backend is shared). */
  make(): Bus;
  /** How long to wait for delivery after publish resolved. */
  deliveryTimeoutMs: number;
}

function metricBatch(tenant: string): MetricBatch {
  return {
    signal: 'metrics',
    tenant,
    count: 3,
    series: [
      { labels: [['__name__', 'http_requests_total'], ['code', '200'], ['job', 'api']], type: 'counter', help: 'requests' },
      { labels: [['__name__', 'temperature'], ['room', 'a']], type: 'gauge', unit: 'celsius' },
    ],
    seriesIndex: Uint32Array.of(0, 0, 1),
    timestampMs: Float64Array.of(1_700_000_000_000, 1_700_000_015_000, 1_700_000_000_000),
    value: Float64Array.of(10, 12, 21.5),
    exemplars: [{ sample: 1, labels: [['trace_id', 'abc']], value: 12, timestampMs: 1_700_000_014_000 }],
  };
}

function collector<T extends Topic>(bus: Bus, topic: T, group: string): { got: TopicBatches[T][]; wait(n: number, ms: number): Promise<void> } {
  const got: TopicBatches[T][] = [];
  bus.subscribe(topic, group, async (b) => {
    got.push(b);
  });
  return {
    got,
    async wait(n, ms) {
      const end = Date.now() + ms;
      while (got.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

export function busContract(name: string, factory: () => BusFactory): void {
  describe(`Bus contract: ${name}`, () => {
    it('delivers spans, logs and metrics intact to every subscriber group, tenant included', async () => {
      const f = factory();
      const bus = f.make();
      const ctx = { tenant: 'team-x', limits: DEFAULT_INGEST_LIMITS };
      const spans = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(await sdkSpans(2))!, ctx).batch;
      const logs = decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(await sdkLogs(2))!, ctx).batch;
      const metrics = metricBatch('team-x');
      const a = collector(bus, 'spans', 'store');
      const b = collector(bus, 'spans', 'topology');
      const l = collector(bus, 'logs', 'store');
      const m = collector(bus, 'metrics', 'store');
      await bus.start();
      try {
        await bus.publish('spans', spans);
        await bus.publish('logs', logs);
        await bus.publish('metrics', metrics);
        await Promise.all([a.wait(1, f.deliveryTimeoutMs), b.wait(1, f.deliveryTimeoutMs), l.wait(1, f.deliveryTimeoutMs), m.wait(1, f.deliveryTimeoutMs)]);
        for (const c of [a, b]) {
          expect(c.got.length).toBe(1);
          expect(c.got[0]!.tenant).toBe('team-x');
          expect(spanBatchToJson(c.got[0]!)).toEqual(spanBatchToJson(spans));
        }
        expect(logBatchToJson(l.got[0]!)).toEqual(logBatchToJson(logs));
        const mb = m.got[0]!;
        expect(mb.tenant).toBe('team-x');
        expect(mb.count).toBe(3);
        const rows = [...Array(mb.count).keys()].map((i) => ({ labels: mb.series[mb.seriesIndex[i]!]!.labels, t: mb.timestampMs[i], v: mb.value[i] }));
        expect(rows).toEqual([
          { labels: metrics.series[0]!.labels, t: 1_700_000_000_000, v: 10 },
          { labels: metrics.series[0]!.labels, t: 1_700_000_015_000, v: 12 },
          { labels: metrics.series[1]!.labels, t: 1_700_000_000_000, v: 21.5 },
        ]);
        expect(mb.series[0]).toMatchObject({ type: 'counter', help: 'requests' });
        expect(mb.series[1]).toMatchObject({ type: 'gauge', unit: 'celsius' });
        expect(mb.exemplars).toEqual([{ sample: 1, labels: [['trace_id', 'abc']], value: 12, timestampMs: 1_700_000_014_000 }]);
      } finally {
        await bus.stop();
      }
    });

    it('stop is idempotent and safe before start; publish after stop is refused as retryable', async () => {
      const f = factory();
      const fresh = f.make();
      await fresh.stop();
      await fresh.stop();
      const bus = f.make();
      collector(bus, 'metrics', 'store');
      await bus.start();
      await bus.forceFlush();
      await bus.stop();
      await bus.stop();
      const err = await bus.publish('metrics', metricBatch('default')).then(() => undefined, (e: unknown) => e);
      expect(isPtrError(err) && err.code).toBe('PTR_ERR_NOT_READY');
      expect(isPtrError(err) && err.retryable).toBe(true);
    });
  });
}
