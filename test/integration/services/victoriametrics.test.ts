/** VictoriaMetrics from scripts/services.sh: JSON import and Prometheus remote write, read back. */
import { describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';
import { REMOTE_WRITE_HEADERS, remoteWriteBody } from './remote-write.js';

describe('VictoriaMetrics (POINTER_TEST_VM_URL)', () => {
  it('stores samples from /api/v1/import and /api/v1/write and returns them from export and query', async () => {
    const base = serviceEnv('POINTER_TEST_VM_URL');
    const run = uniqueName('vm');
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;

    const imported = await fetch(`${base}/api/v1/import`, {
      method: 'POST',
      body: JSON.stringify({ metric: { __name__: 'svc_vm_import', run }, values: [1.5, 2.5], timestamps: [t0, t0 + 10_000] }) + '\n',
    });
    expect(imported.status).toBe(204);

    const written = await fetch(`${base}/api/v1/write`, {
      method: 'POST',
      headers: REMOTE_WRITE_HEADERS,
      body: remoteWriteBody([{ labels: { __name__: 'svc_vm_remote_write', run }, samples: [{ value: 42, timestampMs: t0 }] }]),
    });
    expect(written.status).toBe(204);

    expect((await fetch(`${base}/internal/force_flush`)).status).toBe(200);

    const exported = await fetch(`${base}/api/v1/export?match[]=${encodeURIComponent(`{run="${run}"}`)}`);
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { metric: Record<string, string>; values: number[]; timestamps: number[] })
      .sort((a, b) => (a.metric['__name__']! < b.metric['__name__']! ? -1 : 1));
    expect(lines).toEqual([
      { metric: { __name__: 'svc_vm_import', run }, values: [1.5, 2.5], timestamps: [t0, t0 + 10_000] },
      { metric: { __name__: 'svc_vm_remote_write', run }, values: [42], timestamps: [t0] },
    ]);

    const query = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(`svc_vm_remote_write{run="${run}"}`)}&time=${t0 / 1000}`);
    const body = (await query.json()) as { status: string; data: { result: Array<{ value: [number, string] }> } };
    expect(body.status).toBe('success');
    expect(body.data.result.map((r) => r.value)).toEqual([[t0 / 1000, '42']]);
  });
});
