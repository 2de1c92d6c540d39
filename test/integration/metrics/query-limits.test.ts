/**
 * The embedded TSDB's per-query limits as an operator sets them (storage.metrics.queryMaxSeries),
 * through the Prometheus API: a query over more series than the limit fails with Prometheus'
 * execution error type and says which limit; one within it answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer, writeBody, type MetricsServer } from './helpers.js';

describe('embedded TSDB query limits', () => {
  let s: MetricsServer;
  const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;

  beforeAll(async () => {
    s = await startMetricsServer({ storage: { metrics: { queryMaxSeries: 1000 } } });
    const series = (name: string, n: number) => Array.from({ length: n }, (_, i) => ({ labels: [['__name__', name], ['id', String(i)]] as [string, string][], values: [i] }));
    const r = await s.remoteWrite(writeBody('ignored', [...series('within_limit', 1000), ...series('over_limit', 1001)], t0, 15_000));
    expect(r.status).toBe(204);
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('answers a selector of as many series as storage.metrics.queryMaxSeries', async () => {
    const r = await s.prom('/api/v1/query', { query: 'count(within_limit)', time: String(t0 / 1000 + 60) });
    expect(r.status).toBe(200);
    expect(r.body.data.result[0].value[1]).toBe('1000');
  });

  it('refuses one more with errorType execution, naming the limit', async () => {
    const r = await s.prom('/api/v1/query', { query: 'count(over_limit)', time: String(t0 / 1000 + 60) });
    expect(r.status).toBe(422);
    expect(r.body.errorType).toBe('execution');
    expect(r.body.error).toContain('more than 1000 series');
  });
});
