/**
 * The bus between ingest and the processors. `publish` resolves only once the batch is durable:
 * with the memory bus, when every subscriber has committed it to its store; with Kafka, when
 * the broker acknowledged it with acks=all. Ingest acknowledges the client only after that.
 * A full bus rejects with PTR_ERR_OVERLOADED (retryable), never by dropping data.
 */
import type { LogBatch, MetricBatch, SpanBatch } from '../model/index.js';

export interface TopicBatches {
  spans: SpanBatch;
  logs: LogBatch;
  metrics: MetricBatch;
}
export type Topic = keyof TopicBatches;

export type BatchHandler<T extends Topic> = (batch: TopicBatches[T]) => Promise<void>;

export interface Bus {
  publish<T extends Topic>(topic: T, batch: TopicBatches[T]): Promise<void>;
  /** Register a consumer; `group` names a consumer group (one delivery per group). */
  subscribe<T extends Topic>(topic: T, group: string, handler: BatchHandler<T>): void;
  start(): Promise<void>;
  /** Deliver everything accepted so far. */
  forceFlush(): Promise<void>;
  /** Idempotent; safe before start. */
  stop(): Promise<void>;
}
