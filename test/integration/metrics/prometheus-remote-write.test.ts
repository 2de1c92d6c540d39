/**
 * Remote write from a real Prometheus (Debian's 2.42, POINTER_TEST_PROMETHEUS_BIN) into Pointer:
 * Prometheus scrapes itself every second and remote-writes to Pointer; the same PromQL on both
 * must then agree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startMetricsServer, type MetricsServer } from './helpers.js';
import { requireEnv } from './env.js';

let s: MetricsServer;
let prom: ChildProcess | undefined;
let promUrl = '';
const dir = mkdtempSync(join(tmpdir(), 'ptr-prom-rw-'));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address() as { port: number };
      srv.close(() => resolve(a.port));
    });
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  const bin = requireEnv('POINTER_TEST_PROMETHEUS_BIN');
  s = await startMetricsServer();
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const cfg = join(dir, 'prometheus.yml');
  writeFileSync(
    cfg,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      `  - job_name: prometheus`,
      `    static_configs: [{ targets: ['127.0.0.1:${port}'] }]`,
      'remote_write:',
      `  - url: ${s.url}/prometheus/api/v1/write`,
      `    authorization: { credentials: '${ADMIN_TOKEN}' }`,
      '    queue_config: { batch_send_deadline: 1s }',
      '',
    ].join('\n'),
  );
  prom = spawn(bin, [`--config.file=${cfg}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  await until('Prometheus ready', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
});

afterAll(async () => {
  if (prom && prom.exitCode === null) {
    const exited = new Promise((r) => prom!.once('exit', r));
    prom.kill('SIGTERM');
    await exited;
  }
  await s?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('remote write from Prometheus 2.42', () => {
  it('lands every scraped series in Pointer, and PromQL agrees with the sender', async () => {
    const up = await until('up in Pointer', async () => {
      const r = await s.prom('/api/v1/query', { query: 'up{job="prometheus"}' });
      return r.body.data?.result?.length === 1 ? r.body.data.result[0] : undefined;
    });
    expect(up.metric).toEqual({ __name__: 'up', instance: new URL(promUrl).host, job: 'prometheus' });
    expect(up.value[1]).toBe('1');
    // let a few more scrapes arrive, then compare a query at a time both have fully
    await new Promise((r) => setTimeout(r, 4000));
    const at = String(Math.floor(Date.now() / 1000) - 3);
    const q = 'count by (job) ({job="prometheus", __name__=~"prometheus_tsdb_head_.*"})';
    const fromProm = (await (await fetch(`${promUrl}/api/v1/query?${new URLSearchParams({ query: q, time: at })}`)).json()) as any;
    const fromPointer = await s.prom('/api/v1/query', { query: q, time: at });
    expect(fromPointer.body.data.result).toEqual(fromProm.data.result);
    const names = await s.prom('/api/v1/label/__name__/values', {});
    expect(names.body.data).toContain('prometheus_build_info');
  });
});
