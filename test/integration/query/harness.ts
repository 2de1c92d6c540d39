/** Starts a real Pointer (ingest, processor, gateway) on ports 0 with a temp data dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPointer, validateConfig, silentLogger, type PointerConfigInput, type PointerServer } from '@pointer/server';

export const ADMIN = 'query-test-admin-token-0123456789';

export interface QueryHarness {
  server: PointerServer;
  http: string;
  grpc: string;
  gateway: string;
  dataDir: string;
  /** GET on the gateway with the admin token; `headers` added. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  json<T = any>(path: string, headers?: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

export async function startQueryServer(over: PointerConfigInput = {}): Promise<QueryHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ptr-query-'));
  const config = validateConfig({
    dataDir,
    gateway: { addr: '127.0.0.1:0' },
    otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' },
    ai: { addr: '127.0.0.1:0' },
    auth: { adminToken: ADMIN },
    // The SDK test telemetry carries 2023 timestamps: keep them.
    retention: { traces: '100y', logs: '100y', metrics: '30d' },
    query: { maxRange: '10y' },
    ...over,
  });
  const server = await startPointer({ config, roles: ['ingest', 'processor', 'gateway'], processMetrics: false, log: silentLogger });
  const gateway = `http://${server.listeners.get('gateway')}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(gateway + path, { headers: { authorization: `Bearer ${ADMIN}`, ...headers } });
  return {
    server,
    http: `http://${server.listeners.get('otlp-http')}`,
    grpc: `http://${server.listeners.get('otlp-grpc')}`,
    gateway,
    dataDir,
    get,
    async json(path, headers) {
      const res = await get(path, headers);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Spans as a flat, sorted list with their resource and scope, for order-free comparison. */
export function flatSpans(doc: { resourceSpans?: Record<string, unknown>[]; batches?: Record<string, unknown>[] }): unknown[] {
  const out: { key: string; v: unknown }[] = [];
  for (const rs of doc.resourceSpans ?? doc.batches ?? []) {
    for (const ss of (rs.scopeSpans as Record<string, unknown>[]) ?? []) {
      for (const sp of (ss.spans as Record<string, unknown>[]) ?? []) {
        out.push({ key: `${String(sp.traceId)}/${String(sp.spanId)}`, v: { resource: rs.resource, rschema: rs.schemaUrl ?? '', scope: ss.scope, sschema: ss.schemaUrl ?? '', span: sp } });
      }
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key)).map((x) => x.v);
}

export function flatLogs(doc: { resourceLogs: Record<string, unknown>[] }): unknown[] {
  const out: unknown[] = [];
  for (const rl of doc.resourceLogs) {
    for (const sl of (rl.scopeLogs as Record<string, unknown>[]) ?? []) {
      for (const r of (sl.logRecords as Record<string, unknown>[]) ?? []) out.push({ resource: rl.resource, rschema: rl.schemaUrl ?? '', scope: sl.scope, sschema: sl.schemaUrl ?? '', r });
    }
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
