/**
 * Queries that run at the same time do not see each other's memory. A query's typed arrays come
 * from a pooled arena (store/metrics/query-arena.ts) and go back to the pool when it ends, so a
 * mistake there (an array handed to two queries, a result that still points into the pool) would
 * show as one query's numbers inside another's answer. Through the Prometheus API on the embedded
 * TSDB: a mix of range and instant queries run together answer exactly as each does alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer, writeBody, type MetricsServer } from './helpers.js';

describe('concurrent PromQL queries on the embedded TSDB', () => {
  let s: MetricsServer;
  const step = 15_000;
  const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 60_000;
  const points = 150;

  beforeAll(async () => {
    s = await startMetricsServer({});
    // counters with a different slope per series, gauges with a different level per series
    const series = [
      ...Array.from({ length: 300 }, (_, i) => ({
        labels: [['__name__', 'conc_requests_total'], ['job', `job-${i % 6}`], ['instance', `i-${i}`]] as [string, string][],
        values: Array.from({ length: points }, (_, k) => k * (i + 1)),
      })),
      ...Array.from({ length: 200 }, (_, i) => ({
        labels: [['__name__', 'conc_level'], ['slot', String(i)]] as [string, string][],
        values: Array.from({ length: points }, (_, k) => i * 1000 + (k % 7)),
      })),
    ];
    const r = await s.remoteWrite(writeBody('ignored', series, t0, step));
    expect(r.status).toBe(204);
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('answers each query alike, alone and among others', async () => {
    const start = String((t0 + 10 * step) / 1000);
    const end = String((t0 + (points - 1) * step) / 1000);
    const queries: [string, Record<string, string>][] = [
      ['/api/v1/query_range', { query: 'sum by (job) (rate(conc_requests_total[5m]))', start, end, step: '15' }],
      ['/api/v1/query_range', { query: 'topk(5, conc_level)', start, end, step: '60' }],
      ['/api/v1/query_range', { query: 'max_over_time(conc_level[2m]) - 3', start, end, step: '30' }],
      ['/api/v1/query_range', { query: 'avg by (job) (conc_requests_total) / 2', start, end, step: '15' }],
      ['/api/v1/query', { query: 'sum(rate(conc_requests_total[5m]))', time: end }],
      ['/api/v1/query', { query: 'conc_level{slot=~"1.*"}', time: end }],
    ];
    const alone: string[] = [];
    for (const [path, params] of queries) {
      const r = await s.prom(path, params);
      expect(r.status).toBe(200);
      expect(r.body.data.result.length).toBeGreaterThan(0);
      alone.push(JSON.stringify(r.body.data));
    }
    for (let round = 0; round < 3; round++) {
      const together = await Promise.all([...queries, ...queries].map(([path, params]) => s.prom(path, params)));
      together.forEach((r, i) => {
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body.data)).toBe(alone[i % queries.length]);
      });
    }
  }, 120_000);
});
