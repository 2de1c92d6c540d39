/**
 * The AI service through real gRPC clients: AiClient, a plain @grpc/grpc-js client built from
 * ai.proto, the health client of grpc-health-check and the reflection service.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { service as healthService } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiClient, AiClientError } from '../client.js';
import { startAiServer, type AiServer } from '../server.js';
import { AI_PROTO_PATH } from './proto.js';

const STEP = 60_000;
const T0 = Date.UTC(2024, 0, 1);

function seasonalSeries(n: number, period: number, spikeAt?: number) {
  const timestampsMs = Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const values = timestampsMs.map((_, i) => 100 + 30 * Math.sin((2 * Math.PI * i) / period) + ((i * 7919) % 13) / 13 + (i === spikeAt ? 120 : 0));
  return { name: 'test/cpu', timestampsMs, values };
}

// @grpc/reflection ships the reflection .proto files beside its build (build/src/index.js).
const REFLECTION_PROTO = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '../proto/grpc/reflection/v1/reflection.proto');

let server: AiServer;
let client: AiClient;

beforeAll(async () => {
  server = await startAiServer({ addr: '127.0.0.1:0', limits: { maxPointsPerSeries: 100_000, maxMessageBytes: 4 * 1024 * 1024 } });
  client = new AiClient(server.address);
});

afterAll(async () => {
  client.close();
  await server.stop();
});

describe('AiService over gRPC (AiClient)', () => {
  it('DetectAnomalies finds the spike and the daily period', async () => {
    // Period 96: known from the end of the 288-point learning period (2.5 cycles are needed).
    const r = await client.detectAnomalies({ series: seasonalSeries(1440, 96, 1300) });
    expect(r.periods).toContain(96);
    expect(r.points).toHaveLength(1440);
    expect(r.windows.map((w) => w.startMs)).toEqual([T0 + 1300 * STEP]);
    expect(r.points[1300]!.anomalous).toBe(true);
    // UNSPECIFIED is the product default; the older methods stay selectable.
    expect(r.method).toBe('ensemble');
    const seasonal = await client.detectAnomalies({ series: seasonalSeries(1440, 96, 1300), method: 'DETECTOR_METHOD_SEASONAL_ZSCORE' });
    expect(seasonal.method).toBe('seasonal_zscore');
    expect(seasonal.windows.map((w) => w.startMs)).toEqual([T0 + 1300 * STEP]);
    const named = await client.detectAnomalies({ series: seasonalSeries(1440, 96, 1300), method: 'DETECTOR_METHOD_ENSEMBLE' });
    expect(named.method).toBe('ensemble');
    expect(named.windows).toEqual(r.windows);
  });

  it('DetectAnomalies with score_last scores only the newest points, with the same verdict', async () => {
    const r = await client.detectAnomalies({ series: seasonalSeries(1320, 96, 1300), scoreLast: 60 });
    expect(r.points).toHaveLength(60);
    expect(r.points[0]!.timestampMs).toBe(T0 + 1260 * STEP);
    expect(r.windows.map((w) => w.startMs)).toEqual([T0 + 1300 * STEP]);
  });

  it('Baseline returns expected values and bands per point', async () => {
    const r = await client.baseline({ series: seasonalSeries(1000, 100) });
    expect(r.periods[0]).toBe(100);
    expect(r.stepMs).toBe(STEP);
    const p = r.points[500]!;
    expect(p.lower).toBeLessThan(p.expected);
    expect(p.upper).toBeGreaterThan(p.expected);
    expect(Math.abs(p.expected - 100)).toBeLessThan(2);
  });

  it('Forecast with Holt–Winters, seasonal naive and the learned ONNX model', async () => {
    const series = seasonalSeries(800, 100);
    for (const method of ['FORECAST_METHOD_HOLT_WINTERS', 'FORECAST_METHOD_SEASONAL_NAIVE', 'FORECAST_METHOD_LEARNED'] as const) {
      const r = await client.forecast({ series, horizon: 50, method });
      expect(r.points).toHaveLength(50);
      expect(r.points[0]!.timestampMs).toBe(T0 + 800 * STEP);
      const truth = 100 + 30 * Math.sin((2 * Math.PI * 825) / 100);
      expect(Math.abs(r.points[24]!.mean - truth), method).toBeLessThan(3);
      expect(r.points[24]!.lower).toBeLessThan(r.points[24]!.mean);
    }
  });

  it('PredictExhaustion: a disk filling 1 GB per step from 100 GB reaches 500 GB 201 steps after the last point', async () => {
    const timestampsMs = Array.from({ length: 200 }, (_, i) => T0 + i * STEP);
    const values = timestampsMs.map((_, i) => 100 + i + ((i * 31) % 7) / 10);
    const r = await client.predictExhaustion({ series: { timestampsMs, values }, limit: 500, maxHorizon: 1000 });
    expect(r.willExhaust).toBe(true);
    const steps = (r.exhaustAtMs - (T0 + 199 * STEP)) / STEP;
    expect(Math.abs(steps - 201)).toBeLessThan(10);
    expect(r.confidence).toBeGreaterThan(0.9);
    expect(r.trendPerStep).toBeGreaterThan(0.9);
  });

  it('RankRootCauses puts the slow dependency first and its caller after it', async () => {
    const n = 100;
    const timestampsMs = Array.from({ length: n }, (_, i) => T0 + i * STEP);
    const lat = (base: number, extra: number) => timestampsMs.map((_, i) => base + ((i * 37) % 11) / 100 + (i >= 95 ? extra : 0));
    const r = await client.rankRootCauses({
      targetNode: 'frontend',
      targetMetric: 'latency',
      incidentStartMs: T0 + 95 * STEP,
      candidates: [
        { node: 'frontend', metric: 'latency', series: { timestampsMs, values: lat(1, 2) } },
        { node: 'search', metric: 'latency', series: { timestampsMs, values: lat(0.5, 2) } },
        { node: 'db', metric: 'latency', series: { timestampsMs, values: lat(0.1, 0) } },
      ],
      edges: [
        { caller: 'frontend', callee: 'search' },
        { caller: 'search', callee: 'db' },
      ],
    });
    expect(r.targetAnomalous).toBe(true);
    expect(r.causes.map((c) => c.node)).toEqual(['search', 'frontend']);
    expect(r.causes[1]!.explainedByCallee).toBe(true);
  });

  it('bad input: INVALID_ARGUMENT naming the field and index', async () => {
    const s = seasonalSeries(10, 5);
    s.values[3] = NaN;
    const err = await client.detectAnomalies({ series: s }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AiClientError);
    expect((err as AiClientError).grpcCode).toBe(grpc.status.INVALID_ARGUMENT);
    expect((err as AiClientError).code).toBe('PTR_ERR_VALIDATION');
    expect((err as AiClientError).message).toBe('series.values[3]: not a finite number');
    const err2 = (await client.forecast({ series: seasonalSeries(10, 5), horizon: 0 }).catch((e: unknown) => e)) as AiClientError;
    expect(err2.message).toBe('horizon: 0 is outside [1, 10000]');
    const err3 = (await client.detectAnomalies({ series: { timestampsMs: [2, 1], values: [1, 2] } }).catch((e: unknown) => e)) as AiClientError;
    expect(err3.message).toMatch(/^series.timestamps_ms\[1\]: 1 is not after/);
  });

  it('size limits: too many points and too large a message are RESOURCE_EXHAUSTED', async () => {
    const tooMany = seasonalSeries(100_001, 100);
    const e1 = (await client.baseline({ series: tooMany }).catch((e: unknown) => e)) as AiClientError;
    expect(e1.grpcCode).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const big = { ...seasonalSeries(10, 5), name: 'x'.repeat(5 * 1024 * 1024) };
    const e2 = (await client.baseline({ series: big }).catch((e: unknown) => e)) as AiClientError;
    expect(e2.grpcCode).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('deadlines: the server abandons work whose deadline passed and answers the next call at once', async () => {
    // Scoring 100 000 points one by one takes about 15 s of CPU here; the deadline is 2 s, long
    // enough for decoding and validation to finish so that the detector's own checkpoint is what stops it.
    const series = seasonalSeries(100_000, 144);
    const t0 = Date.now();
    const e = (await client.detectAnomalies({ series }, 2000).catch((x: unknown) => x)) as AiClientError;
    expect(e.grpcCode).toBe(grpc.status.DEADLINE_EXCEEDED);
    const ok = await client.baseline({ series: seasonalSeries(100, 10) });
    expect(ok.points).toHaveLength(100);
    // Client and server share this process's event loop: had the server kept scoring, both calls
    // together would have taken 15 s or more.
    expect(Date.now() - t0).toBeLessThan(7000);
  });
});

describe('plain @grpc/grpc-js clients', () => {
  it('a client generated from ai.proto gets the same answers', async () => {
    const def = protoLoader.loadSync(AI_PROTO_PATH, { longs: String, enums: String, defaults: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { pointer: { ai: { v1: { AiService: grpc.ServiceClientConstructor } } } };
    const c = new pkg.pointer.ai.v1.AiService(server.address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, (...a: unknown[]) => void>;
    const res = await new Promise<{ points: unknown[]; method: string }>((resolve, reject) =>
      c['Forecast']!({ series: seasonalSeries(300, 50), horizon: 10, method: 'FORECAST_METHOD_SEASONAL_NAIVE' }, (err: Error | null, r: { points: unknown[]; method: string }) => (err ? reject(err) : resolve(r))),
    );
    expect(res.points).toHaveLength(10);
    expect(res.method).toBe('seasonal_naive');
    c.close();
  });

  it('health reports SERVING for the server and the AI service', async () => {
    const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
    const h = new Health(server.address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, (...a: unknown[]) => void>;
    for (const name of ['', 'pointer.ai.v1.AiService']) {
      const r = await new Promise<{ status: string }>((resolve, reject) => h['check']!({ service: name }, (err: Error | null, res: { status: string }) => (err ? reject(err) : resolve(res))));
      expect(r.status).toBe('SERVING');
    }
    h.close();
  });

  it('reflection lists the AI service', async () => {
    const reflectionProto = protoLoader.loadSync(REFLECTION_PROTO, { keepCase: true, defaults: true });
    const pkg = grpc.loadPackageDefinition(reflectionProto) as unknown as { grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } } };
    const c = new pkg.grpc.reflection.v1.ServerReflection(server.address, grpc.credentials.createInsecure());
    const call = (c as unknown as { ServerReflectionInfo: () => grpc.ClientDuplexStream<unknown, { list_services_response?: { service: { name: string }[] } }> }).ServerReflectionInfo();
    const names = await new Promise<string[]>((resolve, reject) => {
      call.on('data', (m) => {
        resolve((m.list_services_response?.service ?? []).map((s) => s.name));
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '' });
    });
    expect(names).toContain('pointer.ai.v1.AiService');
    c.close();
  });
});

