/**
 * The live-tail hub. It subscribes to the bus with its own consumer group and NEVER slows the
 * publisher: the bus handler only appends the batch reference to a bounded queue and returns.
 * A drain step (setImmediate) filters rows on their columnar form, converts the matching ones
 * once, and copies them into each subscriber's bounded ring. A subscriber whose socket is slow
 * falls behind in its ring; items pushed out of a full ring are counted, and the client is told
 * `{ type: 'missed', count }` before its next items.
 */
import { hostname } from 'node:os';
import { ptrError } from '../../errors/index.js';
import type { Bus } from '../../bus/bus.js';
import type { LogBatch, SpanBatch } from '../../model/index.js';
import { Ring } from './ring.js';
import { logItem, logMatches, spanItem, spanMatches, type TailFilters, type TailLogItem, type TailSpanItem } from './items.js';

export type TailSignal = 'spans' | 'logs';
export type TailItem = TailSpanItem | TailLogItem;

export interface TailSink {
  send(message: { type: 'missed'; count: number } | { type: TailSignal; items: TailItem[] }): void;
  /** Bytes queued on the connection; above the high-water mark the hub stops sending. */
  bufferedAmount(): number;
}

interface Subscriber {
  tenant: string;
  signal: TailSignal;
  filters: TailFilters;
  ring: Ring<TailItem>;
  sink: TailSink;
}

export interface TailHubOptions {
  bufferItems: number;
  maxSubscribers: number;
  /** Batches waiting for the drain step; beyond this, batches are counted as missed. */
  maxQueuedBatches?: number;
  /** Items per message. */
  messageItems?: number;
  highWaterBytes?: number;
}

export class TailHub {
  private readonly subs = new Set<Subscriber>();
  private readonly queue: (SpanBatch | LogBatch)[] = [];
  private draining = false;
  private readonly timer: NodeJS.Timeout;
  /** Counters for self-metrics and tests. */
  readonly stats = { batchesQueued: 0, batchesDropped: 0, itemsDelivered: 0, itemsMissed: 0 };

  constructor(private readonly o: TailHubOptions) {
    // Slow subscribers get their backlog when their socket drains.
    this.timer = setInterval(() => this.flushAll(), 100);
    this.timer.unref();
  }

  /** Subscribes to the bus under a consumer group of this gateway process. */
  attach(bus: Bus): void {
    const group = `gateway-tail-${hostname()}`;
    bus.subscribe('spans', group, async (b) => this.offer(b));
    bus.subscribe('logs', group, async (b) => this.offer(b));
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  subscribe(tenant: string, signal: TailSignal, filters: TailFilters, sink: TailSink): () => void {
    if (this.subs.size >= this.o.maxSubscribers) throw ptrError('PTR_ERR_OVERLOADED', `live tail: ${this.o.maxSubscribers} subscribers already (gateway.tail.maxSubscribers)`, { retryAfterSeconds: 5 });
    const sub: Subscriber = { tenant, signal, filters, ring: new Ring(this.o.bufferItems), sink };
    this.subs.add(sub);
    return () => {
      this.subs.delete(sub);
    };
  }

  /** The bus handler: O(1), never waits. */
  offer(batch: SpanBatch | LogBatch): void {
    if (!this.hasSubscriber(batch)) return;
    if (this.queue.length >= (this.o.maxQueuedBatches ?? 256)) {
      this.stats.batchesDropped++;
      for (const s of this.subs) if (s.tenant === batch.tenant && s.signal === batch.signal) s.ring.addMissed(batch.count);
      return;
    }
    this.queue.push(batch);
    this.stats.batchesQueued++;
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.subs.clear();
    this.queue.length = 0;
  }

  private hasSubscriber(b: SpanBatch | LogBatch): boolean {
    for (const s of this.subs) if (s.tenant === b.tenant && s.signal === b.signal) return true;
    return false;
  }

  private drain(): void {
    this.draining = false;
    const batches = this.queue.splice(0);
    for (const b of batches) {
      const subs = [...this.subs].filter((s) => s.tenant === b.tenant && s.signal === b.signal);
      if (subs.length === 0) continue;
      for (let i = 0; i < b.count; i++) {
        let item: TailItem | undefined;
        for (const s of subs) {
          const match = b.signal === 'spans' ? spanMatches(b, i, s.filters) : logMatches(b, i, s.filters);
          if (!match) continue;
          item ??= b.signal === 'spans' ? spanItem(b, i) : logItem(b, i);
          s.ring.push(item);
        }
      }
    }
    this.flushAll();
  }

  private flushAll(): void {
    for (const s of this.subs) this.flush(s);
  }

  private flush(s: Subscriber): void {
    const high = this.o.highWaterBytes ?? 1 << 20;
    const per = this.o.messageItems ?? 500;
    while (s.ring.length > 0 && s.sink.bufferedAmount() < high) {
      const missed = s.ring.takeMissed();
      if (missed > 0) {
        this.stats.itemsMissed += missed;
        s.sink.send({ type: 'missed', count: missed });
      }
      const items = s.ring.take(per);
      this.stats.itemsDelivered += items.length;
      s.sink.send({ type: s.signal, items });
    }
    if (s.ring.length === 0) {
      const missed = s.ring.takeMissed();
      if (missed > 0) {
        this.stats.itemsMissed += missed;
        s.sink.send({ type: 'missed', count: missed });
      }
    }
  }
}
