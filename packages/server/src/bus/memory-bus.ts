/**
 * The in-process bus (embedded mode). `publish` hands the batch to every subscriber group of
 * the topic and resolves when all of them have finished (the store writers resolve after
 * their commit), so ingest acknowledges only durable data. The number of publishes in
 * flight is bounded: beyond it, publish rejects with PTR_ERR_OVERLOADED and nothing is taken.
 * A topic without any subscriber rejects with PTR_ERR_UNAVAILABLE: acknowledging data that no
 * store will keep would lose it.
 */
import { ptrError } from '../errors/index.js';
import type { BatchHandler, Bus, Topic, TopicBatches } from './bus.js';

export interface MemoryBusOptions {
  /** Publishes allowed in flight at once (all topics together). */
  maxInFlight?: number;
  /** Retry-After seconds suggested when full. */
  retryAfterSeconds?: number;
}

export class MemoryBus implements Bus {
  private readonly groups = new Map<Topic, Map<string, BatchHandler<Topic>>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly maxInFlight: number;
  private readonly retryAfterSeconds: number;
  private state: 'new' | 'running' | 'stopped' = 'new';

  constructor(options: MemoryBusOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? 256;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }

  subscribe<T extends Topic>(topic: T, group: string, handler: BatchHandler<T>): void {
    let g = this.groups.get(topic);
    if (!g) this.groups.set(topic, (g = new Map()));
    if (g.has(group)) throw ptrError('PTR_ERR_INTERNAL', `bus: group ${group} already subscribed to ${topic}`);
    g.set(group, handler as unknown as BatchHandler<Topic>);
  }

  async start(): Promise<void> {
    if (this.state === 'new') this.state = 'running';
  }

  publish<T extends Topic>(topic: T, batch: TopicBatches[T]): Promise<void> {
    if (this.state === 'stopped') return Promise.reject(ptrError('PTR_ERR_NOT_READY', 'bus is stopped'));
    const handlers = this.groups.get(topic);
    if (!handlers || handlers.size === 0) return Promise.reject(ptrError('PTR_ERR_UNAVAILABLE', `no consumer is subscribed to ${topic}: run the processor role`));
    if (this.inFlight.size >= this.maxInFlight) {
      return Promise.reject(ptrError('PTR_ERR_OVERLOADED', `bus is full (${this.maxInFlight} batches in flight)`, { retryAfterSeconds: this.retryAfterSeconds }));
    }
    const work = Promise.all([...handlers.values()].map((h) => h(batch))).then(() => undefined);
    this.inFlight.add(work);
    const done = (): void => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
    return work;
  }

  /** Number of publishes not finished yet. */
  get pending(): number {
    return this.inFlight.size;
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await Promise.allSettled([...this.inFlight]);
  }
}
