/**
 * Durability of the embedded TSDB's write-ahead log: every sample that remote write acknowledged
 * is queryable after kill -9 and a restart. A real `pointer up` child process, with inserts into
 * the engine pushed out of reach (flushInterval 1h, flushSamples 5M) so that acknowledged samples
 * exist only in the WAL, takes remote write from concurrent senders, is killed with SIGKILL
 * mid-stream and restarted on the same data dir; every acknowledged sample is read back through
 * the Prometheus API.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pointerEnv, runPointer, waitReady, type PointerProcess } from '../../support/pointer-process.js';
import { writeBody } from './helpers.js';

const ADMIN = 'kill9-wal-admin-token-0123456789abcdef';
const SERIES = 20;
const procs: PointerProcess[] = [];
afterAll(() => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});

describe('kill -9 durability of remote-write samples (metric WAL)', () => {
  it('keeps every acknowledged sample across SIGKILL and restart', async () => {
    const env = await pointerEnv({ POINTER_ADMIN_TOKEN: ADMIN, POINTER_LOG_LEVEL: 'warn' });
    const cfg = join(env['POINTER_DATA_DIR']!, 'pointer.yaml');
    writeFileSync(cfg, 'storage:\n  metrics:\n    flushInterval: 1h\n    flushSamples: 5000000\n');
    env['POINTER_CONFIG'] = cfg;
    const first = runPointer(['up'], env);
    procs.push(first);
    await waitReady(first.gatewayUrl, 90_000);

    const base = Math.floor(Date.now() / 1000) * 1000 - 1_800_000;
    const write = async (url: string, sender: number, step: number): Promise<number> => {
      const series = Array.from({ length: SERIES }, (_, s) => ({ labels: [['__name__', 'kill9_wal'], ['s', String(s)], ['sender', String(sender)]] as [string, string][], values: [sender * 1e6 + step] }));
      const res = await fetch(`${url}/prometheus/api/v1/write`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
        body: writeBody('default', series, base + step * 1000, 1000) as Uint8Array<ArrayBuffer>,
      });
      await res.text();
      return res.status;
    };

    const acked: number[][] = [[], [], [], []];
    let stop = false;
    const sender = async (k: number): Promise<void> => {
      for (let step = 0; !stop && step < 1500; step++) {
        try {
          if ((await write(first.gatewayUrl, k, step)) === 204) acked[k]!.push(step);
        } catch {
          return; // the server died mid-request: not acknowledged, and later steps would be out of order
        }
      }
    };
    const senders = [0, 1, 2, 3].map(sender);
    const total = () => acked.reduce((n, a) => n + a.length, 0);
    const deadline = Date.now() + 60_000;
    while (total() < 400 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(senders);
    await first.waitForExit();
    expect(total()).toBeGreaterThanOrEqual(200);

    const second = runPointer(['up'], env);
    procs.push(second);
    await waitReady(second.gatewayUrl, 90_000);
    const auth = { authorization: `Bearer ${ADMIN}` };
    const form = new URLSearchParams({ query: 'kill9_wal[2h]', time: String((base + 3_600_000) / 1000) });
    const res = await fetch(`${second.gatewayUrl}/prometheus/api/v1/query`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
    const stored = new Map<string, Set<number>>();
    for (const r of body.data.result) stored.set(`${r.metric['sender']}/${r.metric['s']}`, new Set(r.values.map(([t]) => Math.round(t * 1000))));
    const missing: string[] = [];
    acked.forEach((steps, k) => {
      for (let s = 0; s < SERIES; s++) {
        const got = stored.get(`${k}/${s}`);
        for (const step of steps) if (!got?.has(base + step * 1000)) missing.push(`sender ${k} series ${s} step ${step}`);
      }
    });
    expect(missing.slice(0, 20)).toEqual([]);
    // the replayed segments were committed and deleted
    expect(readdirSync(join(env['POINTER_DATA_DIR']!, 'metrics-wal')).filter((f) => f.endsWith('.wal'))).toEqual([]);
    second.child.kill('SIGTERM');
    await second.waitForExit();
  });
});
