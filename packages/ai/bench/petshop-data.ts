/**
 * Reads the PetShop RCA data set (Hardt et al. 2024, CC-BY-4.0): `metrics.csv` has four header
 * rows (component, metric, statistic, "unix_timestamp") then one row per 5-minute timestamp;
 * `graph.csv` is the call graph as an adjacency matrix (row calls column).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RcaSeries } from '../src/rca/rank.js';

function parseCsv(text: string): string[][] {
  // The files quote nothing; component names contain no commas.
  return text.trim().split('\n').map((l) => l.split(','));
}

export interface MetricTable {
  series: RcaSeries[];
  timestamps: number[];
}

export function readMetrics(path: string): MetricTable {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const [nodes, metrics, stats] = [rows[0]!, rows[1]!, rows[2]!];
  const body = rows.slice(4);
  const timestamps = body.map((r) => Number(r[0]) * 1000);
  const series: RcaSeries[] = [];
  for (let c = 1; c < nodes.length; c++) {
    const values = body.map((r) => (r[c] === undefined || r[c] === '' ? NaN : Number(r[c])));
    series.push({ node: nodes[c]!, metric: metrics[c]!, name: `${nodes[c]}/${metrics[c]}/${stats[c]}`, timestamps, values });
  }
  return { series, timestamps };
}

export function readGraph(path: string): { caller: string; callee: string }[] {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const cols = rows[0]!.slice(1);
  const edges: { caller: string; callee: string }[] = [];
  for (const r of rows.slice(1)) for (let j = 1; j < r.length; j++) if (Number(r[j]) !== 0) edges.push({ caller: r[0]!, callee: cols[j - 1]! });
  return edges;
}

export interface PetshopCase {
  scenario: string;
  issue: string;
  metrics: MetricTable;
  target: { node: string; metric: string; timestampMs: number };
  rootCause: string;
}

export function loadScenario(root: string, scenario: string): { cases: PetshopCase[]; edges: { caller: string; callee: string }[]; noissue: MetricTable | undefined } {
  const dir = join(root, scenario);
  const edges = readGraph(join(dir, 'graph.csv'));
  const noissuePath = join(dir, 'noissue', 'metrics.csv');
  const noissue = existsSync(noissuePath) ? readMetrics(noissuePath) : undefined;
  const cases: PetshopCase[] = [];
  for (const issue of readdirSync(join(dir, 'train')).sort()) {
    const t = JSON.parse(readFileSync(join(dir, 'train', issue, 'target.json'), 'utf8')) as {
      target: { node: string; metric: string; timestamp: number };
      root_cause: { node: string };
    };
    cases.push({
      scenario,
      issue,
      metrics: readMetrics(join(dir, 'train', issue, 'metrics.csv')),
      target: { node: t.target.node, metric: t.target.metric, timestampMs: t.target.timestamp * 1000 },
      rootCause: t.root_cause.node,
    });
  }
  return { cases, edges, noissue };
}
