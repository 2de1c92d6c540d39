/** The Bus contract against the memory bus and against real Kafka (POINTER_TEST_KAFKA_BROKERS). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { DEFAULT_INGEST_LIMITS, KafkaBus, MemoryBus, decodeLogsJson, decodeLogsProtobuf, silentLogger } from '@pointer/server';
import { busContract } from './bus-contract.js';

busContract('memory', () => ({ make: () => new MemoryBus(), deliveryTimeoutMs: 1000 }));

const brokers = process.env.POINTER_TEST_KAFKA_BROKERS;

describe('Kafka bus environment', () => {
  it('has POINTER_TEST_KAFKA_BROKERS (run `bash scripts/services.sh up kafka`)', () => {
    expect(brokers, 'POINTER_TEST_KAFKA_BROKERS is not set: start Kafka with scripts/services.sh up kafka').toBeTruthy();
  });
});

if (brokers) {
  busContract('kafka', () => ({
    make: () => new KafkaBus({ brokers: brokers.split(','), topicPrefix: `ptr-test-${randomUUID().slice(0, 8)}`, log: silentLogger, partitions: 1 }),
    deliveryTimeoutMs: 30_000,
  }));
}

if (brokers) {
  describe('Kafka bus specifics', () => {
    it('redelivers a batch whose handler failed (offsets commit only after success)', async () => {
      const bus = new KafkaBus({ brokers: brokers.split(','), topicPrefix: `ptr-test-${randomUUID().slice(0, 8)}`, log: silentLogger, partitions: 1 });
      let attempts = 0;
      const delivered: number[] = [];
      bus.subscribe('metrics', 'store', async (b) => {
        attempts++;
        if (attempts === 1) throw new Error('store briefly down');
        delivered.push(b.count);
      });
      await bus.start();
      try {
        const batch = { signal: 'metrics' as const, tenant: 'default', count: 1, series: [{ labels: [['__name__', 'up']] as [string, string][] }], seriesIndex: Uint32Array.of(0), timestampMs: Float64Array.of(1_700_000_000_000), value: Float64Array.of(1), exemplars: [] };
        await bus.publish('metrics', batch);
        const end = Date.now() + 60_000;
        while (delivered.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        expect(attempts).toBeGreaterThanOrEqual(2);
        expect(delivered).toEqual([1]);
      } finally {
        await bus.stop();
      }
    });

    it('the topics carry OTLP protobuf that a plain Kafka consumer can decode', async () => {
      const prefix = `ptr-test-${randomUUID().slice(0, 8)}`;
      const bus = new KafkaBus({ brokers: brokers.split(','), topicPrefix: prefix, log: silentLogger, partitions: 1 });
      await bus.start();
      const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: `${prefix}.plain` });
      try {
        const ctx = { tenant: 'team-k', limits: DEFAULT_INGEST_LIMITS };
        const body = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hello kafka' }, severityNumber: 9 }] }] }] };
        await bus.publish('logs', decodeLogsJson(body, ctx).batch);
        await consumer.connect();
        await consumer.subscribe({ topic: `${prefix}.logs`, fromBeginning: true });
        const got = await new Promise<{ value: Buffer; tenant: string }>((resolve) => {
          void consumer.run({ eachMessage: async ({ message }) => resolve({ value: message.value!, tenant: message.headers!['pointer-tenant']!.toString() }) });
        });
        expect(got.tenant).toBe('team-k');
        const decoded = decodeLogsProtobuf(got.value, ctx).batch;
        expect(decoded.strings[decoded.body[0]!]).toBe('hello kafka');
        expect(decoded.severityNumber[0]).toBe(9);
      } finally {
        await consumer.disconnect();
        await bus.stop();
      }
    });
  });
}
