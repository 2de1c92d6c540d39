/** Prometheus 2.42 from scripts/services.sh: remote write in, PromQL out, over its HTTP API. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';
import { REMOTE_WRITE_HEADERS, remoteWriteBody } from './remote-write.js';

interface QueryResponse<T> {
  status: string;
  data: { resultType: string; result: T[] };
}

describe('Prometheus (POINTER_TEST_PROMETHEUS_URL, POINTER_TEST_PROMETHEUS_BIN)', () => {
  it('is Prometheus 2.42, binary included', async () => {
    const base = serviceEnv('POINTER_TEST_PROMETHEUS_URL');
    const info = (await (await fetch(`${base}/api/v1/status/buildinfo`)).json()) as { data: { version: string } };
    expect(info.data.version).toMatch(/^2\.42\./);
    const version = execFileSync(serviceEnv('POINTER_TEST_PROMETHEUS_BIN'), ['--version'], { encoding: 'utf8' });
    expect(version).toMatch(/prometheus, version 2\.42\./);
  });

  it('accepts remote write and answers instant and range queries with the written samples', async () => {
    const base = serviceEnv('POINTER_TEST_PROMETHEUS_URL');
    const run = uniqueName('prom');
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 120_000;
    const samples = [0, 1, 2, 3].map((i) => ({ value: 10 * (i + 1), timestampMs: t0 + i * 15_000 }));

    const written = await fetch(`${base}/api/v1/write`, {
      method: 'POST',
      headers: REMOTE_WRITE_HEADERS,
      body: remoteWriteBody([{ labels: { __name__: 'svc_prom_remote_write', run, job: 'svc-test' }, samples }]),
    });
    expect(written.status).toBe(204);

    const selector = encodeURIComponent(`svc_prom_remote_write{run="${run}"}`);
    const instant = (await (await fetch(`${base}/api/v1/query?query=${selector}&time=${(t0 + 45_000) / 1000}`)).json()) as QueryResponse<{
      metric: Record<string, string>;
      value: [number, string];
    }>;
    expect(instant.status).toBe('success');
    expect(instant.data.result).toEqual([
      { metric: { __name__: 'svc_prom_remote_write', run, job: 'svc-test' }, value: [(t0 + 45_000) / 1000, '40'] },
    ]);

    const sum = encodeURIComponent(`sum(svc_prom_remote_write{run="${run}"})`);
    const range = (await (
      await fetch(`${base}/api/v1/query_range?query=${sum}&start=${t0 / 1000}&end=${(t0 + 45_000) / 1000}&step=15`)
    ).json()) as QueryResponse<{ values: Array<[number, string]> }>;
    expect(range.data.result.map((r) => r.values)).toEqual([samples.map((s) => [s.timestampMs / 1000, String(s.value)])]);
  });
});
