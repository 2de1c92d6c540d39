/**
 * OpenTelemetry JS SDK exporters -> OTLP (gRPC, HTTP/protobuf, HTTP/JSON) -> ingest -> bus ->
 * processor -> ClickHouse engine, read back through Pointer's REST API and the Tempo API with
 * every attribute, event, link and status intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcTraces } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoTraces } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraces } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPLogExporter as GrpcLogs } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogs } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogs } from '@opentelemetry/exporter-logs-otlp-http';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { DEFAULT_INGEST_LIMITS, decodeLogsProtobuf, decodeTracesProtobuf, logBatchToJson, spanBatchToJson } from '@pointer/server';
import { sdkLogs, sdkSpans } from '../ingest/sdk-telemetry.js';
import { flatLogs, flatSpans, startQueryServer, type QueryHarness } from './harness.js';

let h: QueryHarness;
beforeAll(async () => {
  h = await startQueryServer();
});
afterAll(async () => {
  await h?.stop();
});

interface Exporter<T> {
  export(items: T[], cb: (r: ExportResult) => void): void;
  shutdown(): Promise<void>;
}
const send = <T>(e: Exporter<T>, items: T[]) => new Promise<ExportResult>((resolve) => e.export(items, resolve));
const ctx = { tenant: 'default', limits: DEFAULT_INGEST_LIMITS };

describe('SDK -> OTLP -> store -> query', () => {
  it('traces read back intact through /api/v1 and /tempo (JSON and protobuf)', async () => {
    const exporters = [
      ['grpc', new GrpcTraces({ url: h.grpc })],
      ['http/protobuf', new ProtoTraces({ url: `${h.http}/v1/traces` })],
      ['http/json', new JsonTraces({ url: `${h.http}/v1/traces` })],
    ] as const;
    for (const [name, exporter] of exporters) {
      const spans = await sdkSpans(2);
      const expected = spanBatchToJson(decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!, ctx).batch);
      const result = await send(exporter, spans);
      expect(result.code, name).toBe(ExportResultCode.SUCCESS);
      await exporter.shutdown();
      const traceIds = [...new Set(spans.map((s) => s.spanContext().traceId))];
      const byTrace = (id: string) => flatSpans(expected).filter((x) => (x as { span: { traceId: string } }).span.traceId === id);
      for (const id of traceIds) {
        // acknowledged = durable: readable at once, no waiting
        const rest = await h.json(`/api/v1/traces/${id}`);
        expect(flatSpans(rest), `${name} rest ${id}`).toEqual(byTrace(id));
        const tempoJson = await h.json(`/tempo/api/traces/${id}`);
        expect(flatSpans(tempoJson), `${name} tempo json`).toEqual(byTrace(id));
        const v2 = await h.json(`/tempo/api/v2/traces/${id}`);
        expect(flatSpans(v2.trace), `${name} tempo v2`).toEqual(byTrace(id));
        const pb = await h.get(`/tempo/api/traces/${id}`, { accept: 'application/protobuf' });
        expect(pb.headers.get('content-type')).toMatch(/^application\/protobuf/);
        const decoded = spanBatchToJson(decodeTracesProtobuf(new Uint8Array(await pb.arrayBuffer()), ctx).batch);
        expect(flatSpans(decoded), `${name} tempo protobuf`).toEqual(byTrace(id));
      }
    }
  });

  it('searches traces through /api/v1 and /tempo with summaries', async () => {
    const start = Math.floor(Date.now() / 1000) - 3600;
    const spans = await sdkSpans(1);
    await send(new JsonTraces({ url: `${h.http}/v1/traces` }), spans);
    const id = spans.find((s) => s.name === 'SELECT orders')!.spanContext().traceId;
    const rest = await h.json(`/api/v1/traces?service=checkout&status=error&limit=50&start=${start}`);
    const mine = rest.traces.find((t: { traceId: string }) => t.traceId === id);
    expect(mine).toMatchObject({ rootServiceName: 'checkout', errorCount: 1 });
    expect(mine.spanCount).toBe(spans.filter((s) => s.spanContext().traceId === id).length);
    const tempo = await h.json(`/tempo/api/search?tags=${encodeURIComponent('service.name=checkout db.system=postgres')}&start=${start}&end=${start + 7200}&limit=50`);
    const hit = tempo.traces.find((t: { traceID: string }) => t.traceID === id);
    expect(hit).toMatchObject({ rootServiceName: 'checkout' });
    expect(hit.spanSets[0].spans.length).toBeGreaterThan(0);
    const tql = await h.json(`/tempo/api/search?q=${encodeURIComponent('{ resource.service.name = "checkout" && span.db.system = "postgresql" && status = error }')}&start=${start}&end=${start + 7200}`);
    expect(tql.traces.map((t: { traceID: string }) => t.traceID)).toContain(id);
    // spansets joined, a regex holding |, an aggregate and select, as written in Grafana's TraceQL editor
    const joined = await h.json(`/tempo/api/search?q=${encodeURIComponent('({ span.db.system =~ "postgres|postgresql" } && { rootServiceName = "checkout" }) || { name = "none" } | count() >= 1 | select(span.db.system)')}&start=${start}&end=${start + 7200}`);
    const joinedHit = joined.traces.find((t: { traceID: string }) => t.traceID === id);
    expect(joinedHit.spanSet.spans).toContainEqual(expect.objectContaining({ name: 'SELECT orders', attributes: [{ key: 'db.system', value: { stringValue: 'postgresql' } }] }));
    const bad = await h.get(`/tempo/api/search?q=${encodeURIComponent('{ span.a = 1 } >> { span.b = 2 }')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'PTR_ERR_QUERY', message: expect.stringContaining('structural operator >> is not supported at character 16') } });
    const tags = await h.json(`/tempo/api/v2/search/tags?start=${start}&end=${start + 7200}`);
    expect(tags.scopes.find((s: { name: string }) => s.name === 'span').tags).toContain('db.system');
    expect(tags.scopes.find((s: { name: string }) => s.name === 'resource').tags).toContain('service.name');
    const values = await h.json(`/tempo/api/v2/search/tag/span.http.response.status_code/values?start=${start}&end=${start + 7200}`);
    expect(values.tagValues).toContainEqual({ type: 'int', value: '200' });
    // narrowed by the builder's other conditions; an unfinished query narrows nothing
    const narrowed = await h.json(`/tempo/api/v2/search/tag/name/values?start=${start}&end=${start + 7200}&q=${encodeURIComponent('{ span.db.system = "postgresql" }')}`);
    expect(narrowed.tagValues).toEqual([{ type: 'string', value: 'SELECT orders' }]);
    const unfinished = await h.json(`/tempo/api/v2/search/tag/name/values?start=${start}&end=${start + 7200}&q=${encodeURIComponent('{ span.db.system = "postgresql" && span.x = }')}`);
    expect(unfinished.tagValues.length).toBeGreaterThan(1);
    const status = await h.json(`/tempo/api/v2/search/tag/status/values?start=${start}&end=${start + 7200}`);
    expect(status.tagValues).toContainEqual({ type: 'keyword', value: 'error' });
    expect(await h.json(`/api/v1/services?start=${start}`)).toMatchObject({ services: expect.arrayContaining(['checkout']) });
    expect((await h.json(`/api/v1/services/checkout/operations?start=${start}`)).operations).toContainEqual(expect.objectContaining({ name: 'SELECT orders', kind: 'Client' }));
  });

  it('logs read back intact through /api/v1/logs', async () => {
    const exporters = [
      ['grpc', new GrpcLogs({ url: h.grpc })],
      ['http/protobuf', new ProtoLogs({ url: `${h.http}/v1/logs` })],
      ['http/json', new JsonLogs({ url: `${h.http}/v1/logs` })],
    ] as const;
    for (const [name, exporter] of exporters) {
      const logs = await sdkLogs(2);
      const expected = logBatchToJson(decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(logs)!, ctx).batch);
      const marker = `e2e-${name}`;
      const res = await send(exporter, logs);
      expect(res.code, name).toBe(ExportResultCode.SUCCESS);
      await exporter.shutdown();
      void marker;
      const got = await h.json(`/api/v1/logs?service=checkout&start=1690000000000000000&limit=1000`);
      const records = got.logs.map((l: { resource: unknown; resourceSchemaUrl: string; scope: unknown; scopeSchemaUrl: string; record: unknown }) => ({ resource: l.resource, rschema: l.resourceSchemaUrl, scope: l.scope, sschema: l.scopeSchemaUrl, r: l.record }));
      const flat = records.map((x: unknown) => JSON.stringify(x));
      for (const e of flatLogs(expected)) expect(flat, name).toContain(JSON.stringify(e));
    }
  });

  it('requires a credential and reads only the caller tenant', async () => {
    expect((await fetch(`${h.gateway}/api/v1/services`)).status).toBe(401);
    expect((await fetch(`${h.gateway}/tempo/api/echo`)).status).toBe(401);
    const basic = 'Basic ' + Buffer.from(`grafana:query-test-admin-token-0123456789`).toString('base64');
    const echo = await fetch(`${h.gateway}/tempo/api/echo`, { headers: { authorization: basic } });
    expect(echo.status).toBe(200);
    expect(await echo.text()).toBe('echo');
    const other = await h.json('/api/v1/services?start=0', { 'x-pointer-tenant': 'someone-else' }).catch((e: Error) => e.message);
    expect(other).toMatch(/maxRange|PTR_ERR_QUERY_LIMIT/);
    const none = await h.json('/api/v1/services', { 'x-pointer-tenant': 'someone-else' });
    expect(none.services).toEqual([]);
    const missing = await h.get('/api/v1/traces/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    const badId = await h.get('/api/v1/traces/not-hex');
    expect(badId.status).toBe(400);
    expect((await badId.json()).error.message).toMatch(/traceId: expected up to 32 hex digits/);
  });
});
