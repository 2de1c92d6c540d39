/** The Bus contract against the memory bus and against real Kafka (POINTER_TEST_KAFKA_BROKERS). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KafkaBus, MemoryBus, silentLogger } from '@pointer/server';
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
