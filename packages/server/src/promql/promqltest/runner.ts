/**
 * Runs PromQL test files against the engine, comparing as Prometheus' promql/test.go does:
 * values equal within a relative 1e-6 (NaN equals NaN), series compared as sets unless the
 * command is eval_ordered, and every instant eval also re-run as a range query around the
 * instant to prove both evaluation paths agree.
 */
import type { Labels } from '../../store/metrics/querier.js';
import type { PromQLEngine, QueryResult } from '../engine-api.js';
import { writeStaleNaN } from '../go-compat.js';
import { formatLabels, labelsKey } from '../labels.js';
import { MemoryQuerier } from '../memory-querier.js';
import type { EvalCommand, TestCommand } from './test-file.js';

const EPSILON = 0.000001;
const MIN_NORMAL = 2.2250738585072014e-308;

export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || diff < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
  return diff / (Math.abs(a) + Math.abs(b)) < EPSILON;
}

interface StoredSeries {
  labels: Labels;
  t: number[];
  v: number[];
  stale: boolean[];
}

/** Test storage built by `load` commands. */
export class TestStorage {
  private series = new Map<string, StoredSeries>();

  clear(): void {
    this.series = new Map();
  }

  load(cmd: Extract<TestCommand, { kind: 'load' }>): void {
    for (const s of cmd.series) {
      const key = labelsKey(s.labels);
      let st = this.series.get(key);
      if (!st) {
        st = { labels: s.labels, t: [], v: [], stale: [] };
        this.series.set(key, st);
      }
      s.values.forEach((val, i) => {
        if (val.kind === 'omitted') return;
        st.t.push(i * cmd.intervalMs);
        st.v.push(val.kind === 'value' ? val.value : NaN);
        st.stale.push(val.kind === 'stale');
      });
    }
  }

  querier(): MemoryQuerier {
    return new MemoryQuerier(
      [...this.series.values()].map((s) => {
        const order = s.t.map((_, i) => i).sort((a, b) => s.t[a]! - s.t[b]!);
        const values = new Float64Array(order.length);
        order.forEach((idx, k) => {
          values[k] = s.v[idx]!;
          if (s.stale[idx]) writeStaleNaN(values, k);
        });
        return { labels: s.labels, timestamps: order.map((idx) => s.t[idx]!), values };
      }),
    );
  }
}

function fmt(labels: Labels, v: number): string {
  return `${formatLabels(labels)} ${v}`;
}

/** Compares an instant result to the expectation; returns a problem description or undefined. */
function compareInstant(cmd: EvalCommand, res: QueryResult): string | undefined {
  if (res.resultType === 'scalar') {
    if (cmd.expectedScalar === undefined) return `expected a vector, got scalar ${res.value}`;
    return almostEqual(res.value, cmd.expectedScalar) ? undefined : `expected scalar ${cmd.expectedScalar}, got ${res.value}`;
  }
  if (res.resultType !== 'vector') return `unexpected result type ${res.resultType}`;
  if (cmd.expectedScalar !== undefined) return `expected scalar ${cmd.expectedScalar}, got a vector of ${res.samples.length}`;
  const got = res.samples;
  const want = cmd.expected.map((e) => ({ labels: e.labels, value: e.values[0]?.kind === 'value' ? e.values[0].value : NaN }));
  if (got.length !== want.length) {
    return `expected ${want.length} samples, got ${got.length}:\n  got:  ${got.map((s) => fmt(s.metric, s.value)).join('\n        ')}\n  want: ${want.map((w) => fmt(w.labels, w.value)).join('\n        ')}`;
  }
  if (cmd.ordered) {
    for (let i = 0; i < want.length; i++) {
      const g = got[i]!;
      const w = want[i]!;
      if (labelsKey(g.metric) !== labelsKey(w.labels) || !almostEqual(g.value, w.value)) return `at position ${i}: expected ${fmt(w.labels, w.value)}, got ${fmt(g.metric, g.value)}`;
    }
    return undefined;
  }
  const byKey = new Map(got.map((s) => [labelsKey(s.metric), s.value]));
  for (const w of want) {
    const v = byKey.get(labelsKey(w.labels));
    if (v === undefined) return `expected ${fmt(w.labels, w.value)} missing; got ${got.map((s) => fmt(s.metric, s.value)).join(', ')}`;
    if (!almostEqual(v, w.value)) return `expected ${fmt(w.labels, w.value)}, got ${v}`;
  }
  return undefined;
}

function compareRange(cmd: EvalCommand, res: QueryResult): string | undefined {
  if (res.resultType !== 'matrix') return `expected a matrix, got ${res.resultType}`;
  const want = new Map(cmd.expected.map((e) => [labelsKey(e.labels), e]));
  if (res.series.length !== want.size) return `expected ${want.size} series, got ${res.series.length}: ${res.series.map((s) => formatLabels(s.metric)).join(', ')}`;
  for (const s of res.series) {
    const w = want.get(labelsKey(s.metric));
    if (!w) return `unexpected series ${formatLabels(s.metric)}`;
    const expected: [number, number][] = [];
    w.values.forEach((v, i) => {
      if (v.kind === 'value') expected.push([cmd.startMs + i * cmd.stepMs, v.value]);
    });
    const gotPoints = Array.from(s.timestamps, (t, i) => [t, s.values[i]!] as [number, number]);
    const same = expected.length === gotPoints.length && expected.every(([t, v], i) => gotPoints[i]![0] === t && almostEqual(gotPoints[i]![1], v));
    if (!same) return `series ${formatLabels(s.metric)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(gotPoints)}`;
  }
  return undefined;
}

/** Runs one eval command; throws an Error describing any mismatch. */
export async function runEval(engine: PromQLEngine, querier: MemoryQuerier, cmd: EvalCommand): Promise<void> {
  const where = `line ${cmd.line}: ${cmd.query}`;
  let res: QueryResult;
  try {
    res = cmd.mode === 'instant'
      ? await engine.instantQuery(querier, cmd.query, cmd.startMs)
      : await engine.rangeQuery(querier, cmd.query, cmd.startMs, cmd.endMs, cmd.stepMs);
  } catch (err) {
    if (!cmd.fail) throw new Error(`${where}: unexpected error: ${(err as Error).message}`);
    const msg = (err as Error).message;
    if (cmd.failMessage !== undefined && !msg.includes(cmd.failMessage)) throw new Error(`${where}: expected error containing ${JSON.stringify(cmd.failMessage)}, got ${JSON.stringify(msg)}`);
    if (cmd.failRegexp && !cmd.failRegexp.test(msg)) throw new Error(`${where}: expected error matching ${cmd.failRegexp}, got ${JSON.stringify(msg)}`);
    return;
  }
  if (cmd.fail) throw new Error(`${where}: expected an error, got ${res.resultType}`);
  const problem = cmd.mode === 'instant' ? compareInstant(cmd, res) : compareRange(cmd, res);
  if (problem) throw new Error(`${where}: ${problem}`);
  if (cmd.mode !== 'instant' || cmd.ordered || res.resultType === 'string' || res.resultType === 'matrix') return;
  // The same query as a range query around the instant must agree at the instant.
  const ranged = await engine.rangeQuery(querier, cmd.query, cmd.startMs - 60_000, cmd.startMs + 60_000, 60_000);
  if (ranged.resultType !== 'matrix') throw new Error(`${where}: range mode returned ${ranged.resultType}`);
  const samples: { metric: Labels; timestampMs: number; value: number }[] = [];
  for (const s of ranged.series) {
    const idx = Array.prototype.indexOf.call(s.timestamps, cmd.startMs) as number;
    if (idx >= 0) samples.push({ metric: s.metric, timestampMs: cmd.startMs, value: s.values[idx]! });
  }
  const asInstant: QueryResult = res.resultType === 'scalar' ? { resultType: 'scalar', timestampMs: cmd.startMs, value: samples[0]?.value ?? NaN } : { resultType: 'vector', samples };
  const rangeProblem = compareInstant(cmd, asInstant);
  if (rangeProblem) throw new Error(`${where}: in range mode: ${rangeProblem}`);
}
