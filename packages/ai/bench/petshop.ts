/**
 * PetShop root-cause benchmark. For each train case, every series gets the scenario's fault-free
 * data (`noissue`) as its history, placed just before the case's own rows (the data set records
 * them on other days); the ranking then sees history + incident window. Temporal scenarios have no
 * fault-free data and borrow low_traffic's (reported separately). False alarms: 5-row windows
 * slid over the second half of each fault-free file, each with only the rows before it as
 * history, asked for the causes of PetSite latency and availability; a false alarm is any named
 * cause. Usage: npx tsx packages/ai/bench/petshop.ts [--json]
 */
import { join } from 'node:path';
import { rankRootCauses, type RcaSeries } from '../src/rca/rank.js';
import { dataDir } from './data.js';
import { loadScenario, type MetricTable, type PetshopCase } from './petshop-data.js';

const root = join(dataDir(), 'petshop');
const STEP = 300_000;

function withHistory(history: MetricTable, c: PetshopCase): RcaSeries[] {
  const byName = new Map(history.series.map((s) => [s.name, s]));
  const t0 = c.metrics.timestamps[0]!;
  const h = history.timestamps.length;
  const histTs = history.timestamps.map((_, i) => t0 - (h - i) * STEP);
  return c.metrics.series.map((s) => {
    const past = byName.get(s.name);
    const pastValues = past ? Array.from(past.values) : new Array<number>(h).fill(NaN);
    return { ...s, timestamps: [...histTs, ...Array.from(s.timestamps)], values: [...pastValues, ...Array.from(s.values)] };
  });
}

/**
 * PetShop's graph comes from AWS X-Ray, whose `_remote` nodes are endpoints seen only from the
 * caller (X-Ray "remote" segments): the harness passes them as virtual nodes. The ranking never
 * sees node names otherwise.
 */
function virtualNodes(edges: { caller: string; callee: string }[]): string[] {
  const names = new Set(edges.flatMap((e) => [e.caller, e.callee]));
  return [...names].filter((n) => n.endsWith('_remote'));
}

interface Row {
  scenario: string;
  metric: string;
  cases: number;
  top1: number;
  top3: number;
  named: number;
}

const rows: Row[] = [];
const falseAlarms: { scenario: string; windows: number; named: number }[] = [];
const started = process.cpuUsage();
let rankings = 0;
const low = loadScenario(root, 'low_traffic');
for (const scenario of ['low_traffic', 'high_traffic', 'temporal_traffic1', 'temporal_traffic2']) {
  const { cases, edges, noissue } = scenario === 'low_traffic' ? low : loadScenario(root, scenario);
  const history = noissue ?? low.noissue!;
  for (const c of cases) {
    const r = rankRootCauses({
      targetNode: c.target.node,
      targetMetric: c.target.metric,
      incidentStartMs: c.target.timestampMs,
      candidates: withHistory(history, c),
      edges,
      virtualNodes: virtualNodes(edges),
    });
    rankings++;
    const pos = r.causes.findIndex((x) => x.node === c.rootCause);
    let row = rows.find((x) => x.scenario === scenario && x.metric === c.target.metric);
    if (row === undefined) rows.push((row = { scenario, metric: c.target.metric, cases: 0, top1: 0, top3: 0, named: 0 }));
    row.cases++;
    if (pos === 0) row.top1++;
    if (pos >= 0 && pos < 3) row.top3++;
    if (r.causes.length > 0) row.named++;
    if (process.argv.includes('--verbose')) console.log(scenario, c.issue, c.target.metric, `target z=${r.targetScore.toFixed(1)}`, r.causes.slice(0, 3).map((x) => `${x.node}(${x.score.toFixed(1)})`).join(' '), `truth at ${pos + 1}`);
  }
  if (noissue !== undefined) {
    let windows = 0;
    let named = 0;
    const n = noissue.timestamps.length;
    for (let end = Math.floor(n / 2); end + 5 <= n; end += 5) {
      for (const metric of ['latency', 'availability']) {
        const series = noissue.series.map((s) => ({ ...s, timestamps: s.timestamps.slice(0, end + 5), values: Array.from(s.values).slice(0, end + 5) }));
        const r = rankRootCauses({ targetNode: 'PetSite', targetMetric: metric, incidentStartMs: noissue.timestamps[end + 2]!, candidates: series, edges, virtualNodes: virtualNodes(edges) });
        rankings++;
        windows++;
        if (r.causes.length > 0) named++;
      }
    }
    falseAlarms.push({ scenario, windows, named });
  }
}
const cpu = process.cpuUsage(started);
const total = rows.reduce((a, r) => ({ cases: a.cases + r.cases, top1: a.top1 + r.top1, top3: a.top3 + r.top3 }), { cases: 0, top1: 0, top3: 0 });
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ rows, total, falseAlarms, rankings, cpuSeconds: (cpu.user + cpu.system) / 1e6 }, null, 2));
} else {
  console.log('scenario            metric        cases  top-1  top-3  named');
  for (const r of rows) console.log(`${r.scenario.padEnd(20)}${r.metric.padEnd(14)}${String(r.cases).padStart(5)}  ${(r.top1 / r.cases).toFixed(2)}   ${(r.top3 / r.cases).toFixed(2)}   ${r.named}`);
  console.log(`all                               ${String(total.cases).padStart(5)}  ${(total.top1 / total.cases).toFixed(2)}   ${(total.top3 / total.cases).toFixed(2)}`);
  for (const f of falseAlarms) console.log(`fault-free ${f.scenario}: named a root cause in ${f.named}/${f.windows} windows (${((100 * f.named) / f.windows).toFixed(1)} %)`);
  console.log(`${rankings} rankings, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s`);
}
