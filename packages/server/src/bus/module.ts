/**
 * Internal module `bus`: provides the Bus (BUS key). Memory by default; Kafka when
 * `bus.backend: kafka`. Consumers subscribe during their start(); the bus starts consuming in
 * serve(), once every module has subscribed, and stops after the roles that use it.
 */
import { ptrError } from '../errors/index.js';
import type { ModuleDefinition } from '../runtime/module.js';
import type { Bus } from './bus.js';
import { BUS } from './keys.js';
import { KafkaBus } from './kafka-bus.js';
import { MemoryBus } from './memory-bus.js';

export const busModule: ModuleDefinition = {
  name: 'bus',
  kind: 'internal',
  description: 'The bus between ingest and processors: in-process queue, or Kafka topics carrying OTLP protobuf.',
  dependsOn: ['runtime'],
  async start(ctx) {
    const cfg = ctx.config.bus;
    let bus: Bus;
    if (cfg.backend === 'kafka') {
      if (!cfg.kafkaBrokers || cfg.kafkaBrokers.length === 0) throw ptrError('PTR_ERR_CONFIG_INVALID', 'bus.kafkaBrokers: required when bus.backend is kafka');
      bus = new KafkaBus({ brokers: cfg.kafkaBrokers, topicPrefix: cfg.topicPrefix, log: ctx.log });
    } else bus = new MemoryBus();
    ctx.services.provide(BUS, bus);
    let started = false;
    return {
      readiness: () => (started ? { ready: true } : { ready: false, reason: 'bus not started' }),
      async serve() {
        await bus.start();
        started = true;
      },
      async stop() {
        started = false;
        await bus.stop();
      },
    };
  },
};
