import { describe, expect, it } from 'vitest';
import { rankRootCauses, type RcaSeries } from './rank.js';

const STEP = 60_000;
const N = 120;
const START = N - 5;
const ts = Array.from({ length: N }, (_, i) => i * STEP);

function series(node: string, base: number, jump: number, metric = 'latency'): RcaSeries {
  return { node, metric, name: `${node}/${metric}`, timestamps: ts, values: ts.map((_, i) => base * (1 + ((i * 37) % 11) / 200) + (i >= START ? jump : 0)) };
}

const edges = [
  { caller: 'web', callee: 'api' },
  { caller: 'api', callee: 'db' },
  { caller: 'api', callee: 'cache' },
  { caller: 'batch', callee: 'db' },
  { caller: 'web', callee: 'payments-gateway' },
];

describe('root-cause ranking', () => {
  it('a symptom is never ranked above its cause, even with a larger anomaly', () => {
    // The caller's latency grows more than the callee's (it adds its own retries), yet the callee ranks first.
    const r = rankRootCauses({
      targetNode: 'web',
      targetMetric: 'latency',
      incidentStartMs: START * STEP,
      candidates: [series('web', 1, 30), series('api', 1, 20), series('db', 1, 15), series('cache', 1, 0)],
      edges,
    });
    expect(r.causes.map((c) => c.node)).toEqual(['db', 'api', 'web']);
    expect(r.causes.map((c) => c.explainedByCallee)).toEqual([false, true, true]);
    expect(r.causes[0]!.evidence[0]!.onsetMs).toBe(START * STEP);
  });

  it('a dependency that changed far less than its caller does not explain it (magnitude propagation)', () => {
    const r = rankRootCauses({
      targetNode: 'web',
      targetMetric: 'latency',
      incidentStartMs: START * STEP,
      candidates: [series('web', 1, 30), series('api', 1, 20), series('db', 1, 2)],
      edges,
    });
    expect(r.causes.map((c) => c.node)).toEqual(['api', 'web', 'db']);
    expect(r.causes[0]!.explainedByCallee).toBe(false);
  });

  it('ignores components the target does not depend on', () => {
    const r = rankRootCauses({
      targetNode: 'web',
      targetMetric: 'latency',
      incidentStartMs: START * STEP,
      candidates: [series('web', 1, 5), series('api', 1, 5), series('batch', 1, 50)],
      edges,
    });
    expect(r.causes.map((c) => c.node)).toEqual(['api', 'web']);
  });

  it('names no cause when the target is not anomalous', () => {
    const r = rankRootCauses({
      targetNode: 'web',
      targetMetric: 'latency',
      incidentStartMs: START * STEP,
      candidates: [series('web', 1, 0), series('db', 1, 50)],
      edges,
    });
    expect(r.targetAnomalous).toBe(false);
    expect(r.causes).toEqual([]);
  });

  it('a change that began before the incident earns no credit (timing)', () => {
    const early = series('db', 1, 0);
    early.values = ts.map((_, i) => 1 + ((i * 37) % 11) / 200 + (i >= START - 3 ? 20 : 0));
    const r = rankRootCauses({ targetNode: 'web', targetMetric: 'latency', incidentStartMs: START * STEP, candidates: [series('web', 1, 5), series('api', 1, 5), early], edges });
    expect(r.causes.map((c) => c.node)).toEqual(['api', 'web']);
  });

  it('virtual nodes rank after instrumented ones', () => {
    const r = rankRootCauses({
      targetNode: 'web',
      targetMetric: 'latency',
      incidentStartMs: START * STEP,
      candidates: [series('web', 1, 5), series('api', 1, 5), series('payments-gateway', 1, 9)],
      edges,
      virtualNodes: ['payments-gateway'],
    });
    expect(r.causes.map((c) => c.node)).toEqual(['api', 'payments-gateway', 'web']);
  });
});
