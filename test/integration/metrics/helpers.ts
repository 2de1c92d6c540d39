/** Starts a real Pointer with the metric store, the Prometheus API and the OTLP ingest path (ports 0, temp data dir). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startPointer,
  validateConfig,
  silentLogger,
  snappyEncode,
  encodeWriteRequest,
  encodeWriteRequestV2,
  MetricBatchBuilder,
  type PointerServer,
  type PointerConfigInput,
} from '@pointer/server';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const generous = { perKey: { ratePerSecond: 100_000, burst: 100_000 }, perAddress: { ratePerSecond: 100_000, burst: 100_000 } };

export interface MetricsServer {
  server: PointerServer;
  url: string;
  otlpHttp: string;
  prom(
    path: string,
    params?: Record<string, string | string[]>,
    opts?: { method?: 'GET' | 'POST'; tenant?: string; token?: string },
  ): Promise<{ status: number; body: any }>;
  remoteWrite(
    body: Uint8Array,
    opts?: { tenant?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string; headers: Headers }>;
  stop(): Promise<void>;
}

export const METRIC_ROLES = ['gateway', 'ingest', 'processor', 'prometheus-api', 'metrics-writer'];

export async function startMetricsServer(over: PointerConfigInput = {}): Promise<MetricsServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ptr-metrics-'));
  const config = validateConfig({
    dataDir,
    gateway: { addr: '127.0.0.1:0' },
    otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' },
    ai: { addr: '127.0.0.1:0' },
    auth: { adminToken: ADMIN_TOKEN },
    rateLimits: {
      ingest: generous,
      query: generous,
      login: { perAddress: { ratePerSecond: 1000, burst: 1000 }, perUsername: { ratePerSecond: 1000, burst: 1000 } },
    },
    ...over,
  } as PointerConfigInput);
  const server = await startPointer({ config, roles: METRIC_ROLES, processMetrics: false, log: silentLogger });
  const url = `http://${server.listeners.get('gateway')}`;
  return {
    server,
    url,
    otlpHttp: `http://${server.listeners.get('otlp-http')}`,
    async prom(path, params = {}, opts = {}) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? ADMIN_TOKEN}` };
      if (opts.tenant) headers['x-pointer-tenant'] = opts.tenant;
      const method = opts.method ?? 'GET';
      const res =
        method === 'GET'
          ? await fetch(`${url}/prometheus${path}?${form}`, { headers })
          : await fetch(`${url}/prometheus${path}`, {
              method,
              headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
              body: form.toString(),
            });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body };
    },
    async remoteWrite(body, opts = {}) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
        ...(opts.tenant ? { 'x-pointer-tenant': opts.tenant } : {}),
        ...(opts.headers ?? {}),
      };
      const res = await fetch(`${url}/prometheus/api/v1/write`, { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer> });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A snappy-compressed remote-write body of `series` series with `points` samples each, every `stepMs`. */
export function writeBody(
  tenant: string,
  series: { labels: [string, string][]; values: number[] }[],
  startMs: number,
  stepMs: number,
  version: '1.0' | '2.0' = '1.0',
): Uint8Array {
  const b = new MetricBatchBuilder(tenant);
  for (const s of series) {
    const i = b.seriesFor(s.labels);
    s.values.forEach((v, k) => b.add(i, startMs + k * stepMs, v));
  }
  return snappyEncode(version === '2.0' ? encodeWriteRequestV2(b.build()) : encodeWriteRequest(b.build()));
}
