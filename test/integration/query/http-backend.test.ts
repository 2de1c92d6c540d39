/**
 * The same stores over the other connection: Pointer with `storage.traces.backend: clickhouse`
 * against the chDB HTTP shim (POINTER_TEST_CLICKHOUSE_URL). SDK spans and Loki pushes are read
 * back exactly as with the in-process engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraces } from '@opentelemetry/exporter-trace-otlp-http';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { DEFAULT_INGEST_LIMITS, decodeTracesProtobuf, spanBatchToJson } from '@pointer/server';
import { sdkSpans } from '../ingest/sdk-telemetry.js';
import { ADMIN, flatSpans, startQueryServer, type QueryHarness } from './harness.js';

const url = process.env.POINTER_TEST_CLICKHOUSE_URL;
let h: QueryHarness | undefined;
beforeAll(async () => {
  if (url) h = await startQueryServer({ storage: { traces: { backend: 'clickhouse', clickhouseUrl: url } } });
});
afterAll(async () => {
  await h?.stop();
});

describe('trace and log stores over HTTP (chDB shim)', () => {
  it('needs POINTER_TEST_CLICKHOUSE_URL', () => {
    if (!url) throw new Error('POINTER_TEST_CLICKHOUSE_URL is not set: run `bash scripts/services.sh up` and `eval "$(bash scripts/services.sh env)"`');
  });

  it('reads SDK spans back exactly', async () => {
    if (!h) return;
    const spans = await sdkSpans(1);
    const exporter = new JsonTraces({ url: `${h.http}/v1/traces` });
    const r = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
    expect(r.code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();
    const expected = flatSpans(spanBatchToJson(decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!, { tenant: 'default', limits: DEFAULT_INGEST_LIMITS }).batch));
    for (const id of new Set(spans.map((s) => s.spanContext().traceId))) {
      const got = await h.json(`/api/v1/traces/${id}`);
      expect(flatSpans(got)).toEqual(expected.filter((x) => (x as { span: { traceId: string } }).span.traceId === id));
    }
  });

  it('pushes and queries logs through the Loki API', async () => {
    if (!h) return;
    const marker = `http-backend-${Date.now()}`;
    const ts = String(BigInt(Date.now()) * 1_000_000n);
    const push = await fetch(`${h.gateway}/loki/api/v1/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ streams: [{ stream: { job: marker }, values: [[ts, 'over http']] }] }),
    });
    expect(push.status).toBe(204);
    const r = await h.json(`/loki/api/v1/query_range?${new URLSearchParams({ query: `{job="${marker}"}` })}`);
    expect(r.data.result).toEqual([{ stream: { job: marker, service_name: marker }, values: [[ts, 'over http']] }]);
  });
});
