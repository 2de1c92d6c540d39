/** Apache Kafka (KRaft) from scripts/services.sh: produce and consume with kafkajs. */
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';

describe('Kafka (POINTER_TEST_KAFKA_BROKERS)', () => {
  const consumers: Consumer[] = [];
  afterAll(async () => {
    for (const c of consumers) await c.disconnect();
  });

  it('creates a topic, produces messages and consumes them back in a consumer group', async () => {
    const kafka = new Kafka({
      clientId: 'pointer-services-test',
      brokers: serviceEnv('POINTER_TEST_KAFKA_BROKERS').split(','),
      logLevel: logLevel.ERROR,
    });
    const topic = uniqueName('svc-kafka');

    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const sent = ['a', 'b', 'c', 'd'].map((v, i) => ({ key: `k${i}`, value: `value-${v}` }));
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('svc-group') });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: string[] = [];
    const all = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(`${message.key?.toString()}=${message.value?.toString()}`);
          if (received.length === sent.length) resolve();
        },
      });
    });
    await Promise.race([
      all,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`consumed only ${received.length}/${sent.length}`)), 60_000)),
    ]);
    expect(received.sort()).toEqual(sent.map((m) => `${m.key}=${m.value}`).sort());
  });
});
