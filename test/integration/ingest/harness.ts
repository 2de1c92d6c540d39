/**
 * Starts a real Pointer with the ingest role (ports 0, temp data dir) and a recording bus
 * subscriber in place of the stores, so tests see exactly the batches ingest publishes.
 * `hold()` makes the subscriber wait (a slow store), to provoke backpressure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUS, startPointer, validateConfig, silentLogger, type LogBatch, type MetricBatch, type ModuleDefinition, type PointerConfigInput, type PointerServer, type SpanBatch,
} from '@pointer/server';

export const ADMIN = 'ingest-test-admin-token-0123456789';

export interface Recorded {
  spans: SpanBatch[];
  logs: LogBatch[];
  metrics: MetricBatch[];
}

export interface IngestHarness {
  server: PointerServer;
  http: string;
  grpc: string;
  gateway: string;
  recorded: Recorded;
  /** Subscriber waits until the returned function is called. */
  hold(): () => void;
  clear(): void;
  total(topic: keyof Recorded): number;
  stop(): Promise<void>;
}

export async function startIngest(over: PointerConfigInput = {}): Promise<IngestHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ptr-ingest-'));
  const recorded: Recorded = { spans: [], logs: [], metrics: [] };
  let gate: Promise<void> = Promise.resolve();
  const recorder: ModuleDefinition = {
    name: 'test-recorder',
    kind: 'role',
    description: 'records every batch published on the bus',
    dependsOn: ['bus'],
    async start(ctx) {
      const bus = ctx.services.get(BUS);
      bus.subscribe('spans', 'recorder', async (b) => {
        await gate;
        recorded.spans.push(b);
      });
      bus.subscribe('logs', 'recorder', async (b) => {
        await gate;
        recorded.logs.push(b);
      });
      bus.subscribe('metrics', 'recorder', async (b) => {
        await gate;
        recorded.metrics.push(b);
      });
      return { readiness: () => ({ ready: true }), stop: async () => undefined };
    },
  };
  const config = validateConfig({
    dataDir,
    server: { roles: ['ingest'] },
    gateway: { addr: '127.0.0.1:0' },
    otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0', ...(over.otlp ?? {}) },
    ai: { addr: '127.0.0.1:0' },
    auth: { adminToken: ADMIN },
    ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'otlp')),
  });
  const server = await startPointer({ config, roles: ['ingest', 'test-recorder'], modules: [recorder], processMetrics: false, log: silentLogger });
  return {
    server,
    http: `http://${server.listeners.get('otlp-http')}`,
    grpc: `http://${server.listeners.get('otlp-grpc')}`,
    gateway: `http://${server.listeners.get('gateway')}`,
    recorded,
    hold() {
      let open!: () => void;
      gate = new Promise<void>((r) => (open = r));
      return () => {
        open();
        gate = Promise.resolve();
      };
    },
    clear() {
      recorded.spans.length = 0;
      recorded.logs.length = 0;
      recorded.metrics.length = 0;
    },
    total(topic) {
      return (recorded[topic] as { count: number }[]).reduce((n, b) => n + b.count, 0);
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
