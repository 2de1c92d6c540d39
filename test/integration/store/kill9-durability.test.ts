/**
 * Durability: every span and log record that Pointer acknowledged is there after kill -9.
 * A real `pointer up` child process takes OTLP/HTTP traffic from concurrent senders, is killed
 * with SIGKILL mid-stream, restarted on the same data dir, and every acknowledged trace and
 * log record is read back through the REST API.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { pointerEnv, runPointer, waitReady, type PointerProcess } from '../../support/pointer-process.js';

const ADMIN = 'kill9-admin-token-0123456789abcdef';
const procs: PointerProcess[] = [];
afterAll(() => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function traceBody(k: number, nowNs: bigint) {
  const traceId = `${hex(0xdead, 8)}${hex(k, 24)}`;
  const spans = [0, 1, 2].map((j) => ({
    traceId,
    spanId: hex(k * 4 + j + 1, 16),
    ...(j > 0 ? { parentSpanId: hex(k * 4 + 1, 16) } : {}),
    name: `op-${j}`,
    kind: 2,
    startTimeUnixNano: String(nowNs + BigInt(j)),
    endTimeUnixNano: String(nowNs + 1_000_000n),
    attributes: [{ key: 'seq', value: { intValue: String(k) } }],
  }));
  return { traceId, body: { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'kill9' } }] }, scopeSpans: [{ scope: {}, spans }] }] } };
}

function logBody(k: number, nowNs: bigint) {
  return {
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'kill9' } }] },
      scopeLogs: [{ scope: {}, logRecords: [{ timeUnixNano: String(nowNs), severityNumber: 9, body: { stringValue: `acked record k${k}` } }] }],
    }],
  };
}

describe('kill -9 durability', () => {
  it('keeps every acknowledged span and log record across SIGKILL and restart', async () => {
    const env = await pointerEnv({ POINTER_ADMIN_TOKEN: ADMIN, POINTER_LOG_LEVEL: 'warn' });
    const otlp = `http://${env.POINTER_OTLP_HTTP_ADDR}`;
    const first = runPointer(['up'], env);
    procs.push(first);
    await waitReady(first.gatewayUrl, 90_000);

    const ackedTraces: string[] = [];
    const ackedLogs: number[] = [];
    let next = 0;
    let stop = false;
    const sender = async (): Promise<void> => {
      while (!stop) {
        const k = next++;
        const now = BigInt(Date.now()) * 1_000_000n;
        const { traceId, body } = traceBody(k, now);
        try {
          const [t, l] = await Promise.all([
            fetch(`${otlp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
            fetch(`${otlp}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(logBody(k, now)) }),
          ]);
          if (t.status === 200) ackedTraces.push(traceId);
          if (l.status === 200) ackedLogs.push(k);
        } catch {
          // the server died mid-request: not acknowledged
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    // Kill once a good amount of traffic has been acknowledged, while requests are in flight.
    const deadline = Date.now() + 60_000;
    while (ackedTraces.length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(senders);
    await first.waitForExit();
    expect(ackedTraces.length).toBeGreaterThanOrEqual(100);

    const second = runPointer(['up'], env);
    procs.push(second);
    await waitReady(second.gatewayUrl, 90_000);
    const auth = { authorization: `Bearer ${ADMIN}` };
    const missing: string[] = [];
    for (const id of ackedTraces) {
      const res = await fetch(`${second.gatewayUrl}/api/v1/traces/${id}`, { headers: auth });
      if (res.status !== 200) missing.push(id);
      else {
        const t = (await res.json()) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
        if (t.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length !== 3) missing.push(`${id} (incomplete)`);
      }
    }
    expect(missing).toEqual([]);

    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await fetch(`${second.gatewayUrl}/api/v1/logs?service=kill9&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { logs: { record: { body: { stringValue: string } } }[]; nextCursor?: string };
      for (const l of body.logs) seen.add(l.record.body.stringValue);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(ackedLogs.filter((k) => !seen.has(`acked record k${k}`))).toEqual([]);
    second.child.kill('SIGTERM');
    await second.waitForExit();
  });
});
