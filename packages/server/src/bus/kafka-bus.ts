/**
 * The Kafka bus (distributed mode). Topics `<prefix>.spans|logs|metrics` carry OTLP protobuf
 * (ExportTraceServiceRequest, ExportLogsServiceRequest, ExportMetricsServiceRequest; see
 * metric-batch-otlp.ts for metrics), so any OTLP consumer can read them; the tenant travels
 * in the `pointer-tenant` header. `publish` resolves when the brokers acknowledged with
 * acks=all (idempotent producer). Each subscriber group is a Kafka consumer group; a message's
 * offset is committed only after the handler resolved, so a failed or killed consumer sees
 * it again (at-least-once).
 */
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { ptrError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { decodeLogsProtobuf, decodeTracesProtobuf, encodeLogsProtobuf, encodeTracesProtobuf } from '../ingest/otlp/index.js';
import type { DecodeContext } from '../model/index.js';
import type { BatchHandler, Bus, Topic, TopicBatches } from './bus.js';
import { decodeMetricBatch, encodeMetricBatch } from './metric-batch-otlp.js';

export interface KafkaBusOptions {
  brokers: string[];
  topicPrefix: string;
  log: Logger;
  clientId?: string;
  /** Publishes allowed in flight at once. */
  maxInFlight?: number;
  retryAfterSeconds?: number;
  /** Partitions for topics this bus creates. */
  partitions?: number;
}

const TOPICS: readonly Topic[] = ['spans', 'logs', 'metrics'];
const TENANT_HEADER = 'pointer-tenant';
/** Re-decoding trusted bus data: limits were applied at ingest, so none apply here. */
const NO_LIMITS = { maxAttributesPerItem: Number.MAX_SAFE_INTEGER, maxAttributeValueLength: Number.MAX_SAFE_INTEGER, maxEventsPerSpan: Number.MAX_SAFE_INTEGER, maxLinksPerSpan: Number.MAX_SAFE_INTEGER };

export function encodeBatch<T extends Topic>(topic: T, batch: TopicBatches[T]): Uint8Array {
  if (topic === 'spans') return encodeTracesProtobuf(batch as TopicBatches['spans']);
  if (topic === 'logs') return encodeLogsProtobuf(batch as TopicBatches['logs']);
  return encodeMetricBatch(batch as TopicBatches['metrics']);
}

export function decodeBatch<T extends Topic>(topic: T, bytes: Uint8Array, tenant: string): TopicBatches[T] {
  const ctx: DecodeContext = { tenant, limits: NO_LIMITS };
  if (topic === 'spans') return decodeTracesProtobuf(bytes, ctx).batch as TopicBatches[T];
  if (topic === 'logs') return decodeLogsProtobuf(bytes, ctx).batch as TopicBatches[T];
  return decodeMetricBatch(bytes, tenant) as TopicBatches[T];
}

export class KafkaBus implements Bus {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly consumers: Consumer[] = [];
  private readonly subscriptions: { topic: Topic; group: string; handler: BatchHandler<Topic> }[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';
  private readonly maxInFlight: number;
  private readonly retryAfterSeconds: number;

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'pointer',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 200 },
    });
    this.maxInFlight = options.maxInFlight ?? 256;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }

  topicName(topic: Topic): string {
    return `${this.options.topicPrefix}.${topic}`;
  }

  subscribe<T extends Topic>(topic: T, group: string, handler: BatchHandler<T>): void {
    if (this.state !== 'new') throw ptrError('PTR_ERR_INTERNAL', 'bus: subscribe after start');
    this.subscriptions.push({ topic, group, handler: handler as unknown as BatchHandler<Topic> });
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'starting';
    try {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const missing = TOPICS.map((t) => this.topicName(t)).filter((t) => !existing.has(t));
        if (missing.length > 0) {
          await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: this.options.partitions ?? 3 })) });
        }
      } finally {
        await admin.disconnect();
      }
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await this.producer.connect();
      const byGroup = new Map<string, { topic: Topic; handler: BatchHandler<Topic> }[]>();
      for (const s of this.subscriptions) {
        const list = byGroup.get(s.group) ?? [];
        list.push(s);
        byGroup.set(s.group, list);
      }
      for (const [group, subs] of byGroup) {
        const consumer = this.kafka.consumer({ groupId: `${this.options.topicPrefix}.${group}`, allowAutoTopicCreation: false });
        await consumer.connect();
        for (const s of subs) await consumer.subscribe({ topic: this.topicName(s.topic), fromBeginning: true });
        const handlers = new Map(subs.map((s) => [this.topicName(s.topic), s]));
        await consumer.run({
          eachMessage: async ({ topic, message }) => {
            const sub = handlers.get(topic);
            if (!sub || !message.value) return;
            const tenant = message.headers?.[TENANT_HEADER]?.toString() ?? 'default';
            let batch: TopicBatches[Topic];
            try {
              batch = decodeBatch(sub.topic, message.value, tenant);
            } catch (err) {
              // a message no decoder can read would block the partition forever: count and skip it
              this.options.log.error('bus: undecodable message skipped', { topic, offset: message.offset, error: err });
              return;
            }
            // a handler failure throws here, so kafkajs does not commit and redelivers the message
            await sub.handler(batch);
          },
        });
        this.consumers.push(consumer);
      }
      this.state = 'running';
    } catch (err) {
      this.state = 'new';
      await this.disconnectAll();
      throw ptrError('PTR_ERR_UNAVAILABLE', `Kafka bus cannot start (brokers ${this.options.brokers.join(',')}): ${(err as Error).message}`, { cause: err });
    }
  }

  publish<T extends Topic>(topic: T, batch: TopicBatches[T]): Promise<void> {
    const producer = this.producer;
    if (this.state !== 'running' || !producer) return Promise.reject(ptrError('PTR_ERR_NOT_READY', `Kafka bus is ${this.state}`));
    if (this.inFlight.size >= this.maxInFlight) {
      return Promise.reject(ptrError('PTR_ERR_OVERLOADED', `Kafka bus is full (${this.maxInFlight} batches in flight)`, { retryAfterSeconds: this.retryAfterSeconds }));
    }
    const value = Buffer.from(encodeBatch(topic, batch));
    const work = producer
      .send({ topic: this.topicName(topic), acks: -1, messages: [{ value, headers: { [TENANT_HEADER]: batch.tenant } }] })
      .then(
        () => undefined,
        (err: unknown) => {
          throw ptrError('PTR_ERR_UNAVAILABLE', `Kafka did not acknowledge the batch: ${(err as Error).message}`, { cause: err, retryAfterSeconds: this.retryAfterSeconds });
        },
      );
    this.inFlight.add(work);
    const done = (): void => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
    return work;
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await Promise.allSettled([...this.inFlight]);
    await this.disconnectAll();
  }

  private async disconnectAll(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    this.consumers.length = 0;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}
