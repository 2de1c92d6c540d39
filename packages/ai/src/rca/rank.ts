/**
 * Topology-aware root-cause ranking. Each component's anomaly is the strongest of its series'
 * incident scores (`scoreIncident`); only the target's dependencies (components it reaches through
 * the call graph) can be causes. Anomalous components are ordered so that a component always
 * comes after every anomalous component it depends on: a slow callee explains a slow caller, so
 * a symptom is never ranked above its cause. Among components free to go next, the stronger and
 * earlier anomaly goes first. When the target itself is not anomalous, no cause is named.
 */
import { buildGraph, dependencies, type CallGraph } from './graph.js';
import { scoreIncident } from './series-score.js';

export interface RcaSeries {
  node: string;
  metric: string;
  name: string;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface RcaRequest {
  targetNode: string;
  targetMetric: string;
  incidentStartMs: number;
  candidates: RcaSeries[];
  edges: { caller: string; callee: string }[];
  /** Robust z-score that makes a series anomalous. */
  minScore?: number;
  /**
   * Virtual nodes: peers known only from their callers' measurements (uninstrumented databases,
   * external endpoints, load balancers; Tempo's service graph calls them virtual nodes). Their
   * series are the caller's view of the call, so they rank after instrumented components.
   */
  virtualNodes?: string[];
}

export interface RcaEvidence {
  series: string;
  score: number;
  onsetMs: number;
  direction: 'up' | 'down';
}

export interface RankedCause {
  node: string;
  score: number;
  rank: number;
  explainedByCallee: boolean;
  evidence: RcaEvidence[];
}

export interface RcaResult {
  causes: RankedCause[];
  targetAnomalous: boolean;
  targetScore: number;
}

export const DEFAULT_RCA_MIN_SCORE = 4.5;
/** A dependency explains a node's anomaly when it changed by at least this fraction of the node's change. */
const EXPLAIN_FRACTION = 0.5;

interface NodeAnomaly {
  node: string;
  score: number;
  /** Largest change of its incident-metric series, in their units (seconds, percent, ...). */
  delta: number;
  onsetMs: number;
  evidence: RcaEvidence[];
}

/** Index of the first point inside the incident: the one whose interval [t, t + step) contains the start, or later. */
function firstIncidentIndex(ts: ArrayLike<number>, startMs: number): number {
  const n = ts.length;
  const step = n > 1 ? (ts[n - 1]! - ts[0]!) / (n - 1) : 0;
  for (let i = 0; i < n; i++) if (ts[i]! > startMs - step) return i;
  return n;
}

function nodeAnomalies(req: RcaRequest, minScore: number, allowed: Set<string>): Map<string, NodeAnomaly> {
  const scored: { c: RcaSeries; ev: RcaEvidence; delta: number }[] = [];
  for (const c of req.candidates) {
    if (!allowed.has(c.node)) continue;
    const first = firstIncidentIndex(c.timestamps, req.incidentStartMs);
    const s = scoreIncident(c.values, first, minScore);
    if (s === undefined) continue;
    scored.push({ c, delta: s.delta, ev: { series: c.name, score: s.score, onsetMs: c.timestamps[s.onsetIndex]!, direction: s.direction } });
  }
  // The direction the target moved in (latency up, availability down): a cause of the incident
  // moved the same way on the same metric. Availability that rose is not a fault.
  let targetDirection: 'up' | 'down' | undefined;
  let targetBest = 0;
  for (const { c, ev } of scored) {
    if (c.node === req.targetNode && c.metric === req.targetMetric && ev.score > targetBest) {
      targetBest = ev.score;
      targetDirection = ev.direction;
    }
  }
  const out = new Map<string, NodeAnomaly>();
  for (const { c, ev, delta } of scored) {
    let a = out.get(c.node);
    if (a === undefined) out.set(c.node, (a = { node: c.node, score: 0, delta: 0, onsetMs: Infinity, evidence: [] }));
    a.evidence.push(ev);
    // Components are ranked on the incident's metric, moved the incident's way (latency propagates
    // as latency); the other series stay as evidence.
    if (c.metric !== req.targetMetric || (targetDirection !== undefined && ev.direction !== targetDirection)) continue;
    if (ev.score >= minScore) {
      a.onsetMs = Math.min(a.onsetMs, ev.onsetMs);
      a.delta = Math.max(a.delta, delta);
    }
    a.score = Math.max(a.score, ev.score);
  }
  for (const a of out.values()) a.evidence.sort((x, y) => y.score - x.score);
  return out;
}

function order(anomalous: NodeAnomaly[], graph: CallGraph, virtual: Set<string>): { node: NodeAnomaly; explained: boolean }[] {
  const set = new Map(anomalous.map((a) => [a.node, a]));
  // For each anomalous node, the anomalous nodes below it that can explain it. Magnitude
  // propagates along calls: a callee whose latency grew by 5 ms cannot explain a caller that
  // slowed by a second, so a dependency explains a node only if it changed by at least half as much.
  const below = new Map<string, Set<string>>();
  for (const a of anomalous) {
    const deps = dependencies(graph, a.node);
    deps.delete(a.node);
    below.set(a.node, new Set([...deps].filter((d) => set.has(d) && set.get(d)!.delta >= EXPLAIN_FRACTION * a.delta)));
  }
  const placed = new Set<string>();
  const out: { node: NodeAnomaly; explained: boolean }[] = [];
  const better = (x: NodeAnomaly, y: NodeAnomaly): boolean => {
    const vx = virtual.has(x.node);
    if (vx !== virtual.has(y.node)) return !vx;
    return x.score > y.score || (x.score === y.score && x.onsetMs < y.onsetMs);
  };
  while (out.length < anomalous.length) {
    let pick: NodeAnomaly | undefined;
    for (const a of anomalous) {
      if (placed.has(a.node)) continue;
      const ready = [...below.get(a.node)!].every((d) => placed.has(d) || below.get(d)!.has(a.node)); // a cycle cannot block
      if (ready && (pick === undefined || better(a, pick))) pick = a;
    }
    pick ??= anomalous.filter((a) => !placed.has(a.node)).sort((x, y) => (better(x, y) ? -1 : better(y, x) ? 1 : 0))[0]!;
    placed.add(pick.node);
    out.push({ node: pick, explained: below.get(pick.node)!.size > 0 });
  }
  return out;
}

export function rankRootCauses(req: RcaRequest): RcaResult {
  const minScore = req.minScore ?? DEFAULT_RCA_MIN_SCORE;
  const graph = buildGraph(req.edges);
  const allowed = dependencies(graph, req.targetNode);
  const anomalies = nodeAnomalies(req, minScore, allowed);
  // The target's own score counts only its series of the incident's metric.
  let targetScore = 0;
  for (const e of anomalies.get(req.targetNode)?.evidence ?? []) {
    const c = req.candidates.find((s) => s.name === e.series);
    if (c !== undefined && c.metric === req.targetMetric) targetScore = Math.max(targetScore, e.score);
  }
  const targetAnomalous = targetScore >= minScore;
  if (!targetAnomalous) return { causes: [], targetAnomalous, targetScore };
  const anomalous = [...anomalies.values()].filter((a) => a.score >= minScore);
  const causes = order(anomalous, graph, new Set(req.virtualNodes ?? [])).map(({ node, explained }, i) => ({
    node: node.node,
    score: node.score,
    rank: i + 1,
    explainedByCallee: explained,
    evidence: node.evidence,
  }));
  return { causes, targetAnomalous, targetScore };
}
