export type { Bus, BatchHandler, Topic, TopicBatches } from './bus.js';
export { MemoryBus, type MemoryBusOptions } from './memory-bus.js';
export { KafkaBus, type KafkaBusOptions } from './kafka-bus.js';
export { BUS } from './keys.js';
export { busModule } from './module.js';
