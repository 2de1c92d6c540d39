/** The ingest role on the Kafka bus (bus.backend: kafka): SDK spans reach a consumer group through Kafka. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { DEFAULT_INGEST_LIMITS, decodeTracesProtobuf, spanBatchToJson } from '@pointer/server';
import { sdkSpans } from './sdk-telemetry.js';
import { startIngest, type IngestHarness } from './harness.js';

const brokers = process.env.POINTER_TEST_KAFKA_BROKERS;
let h: IngestHarness | undefined;

beforeAll(async () => {
  if (brokers) h = await startIngest({ bus: { backend: 'kafka', kafkaBrokers: brokers.split(','), topicPrefix: `ptr-ingest-${randomUUID().slice(0, 8)}` } });
});
afterAll(async () => {
  await h?.stop();
});

describe('ingest over the Kafka bus', () => {
  it('acknowledges after Kafka acks=all and the consumer group receives the batch intact', async () => {
    expect(brokers, 'POINTER_TEST_KAFKA_BROKERS is not set: start Kafka with scripts/services.sh up kafka').toBeTruthy();
    const spans = await sdkSpans(2);
    const exporter = new OTLPTraceExporter({ url: `${h!.http}/v1/traces` });
    const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));
    expect(result.code, result.error?.message).toBe(0);
    await exporter.shutdown();
    const end = Date.now() + 60_000;
    while (h!.total('spans') < spans.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const expected = spanBatchToJson(decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!, { tenant: 'default', limits: DEFAULT_INGEST_LIMITS }).batch);
    expect(h!.recorded.spans.length).toBe(1);
    expect(spanBatchToJson(h!.recorded.spans[0]!)).toEqual(expected);
  });
});
