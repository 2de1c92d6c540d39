/**
 * Binary operators: scalar/scalar, vector/scalar and vector/vector with one-to-one, many-to-one
 * and one-to-many matching and the set operators; ported from Prometheus 2.x VectorBinop,
 * VectorscalarBinop, VectorAnd/Or/Unless, including its error messages. Signatures are
 * computed once per series; each step only compares small integers.
 */
import type { Labels } from '../store/metrics/querier.js';
import { COMPARISON_OPS, type BinaryExpr, type BinaryOp, type VectorMatching } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { executionError } from './errors.js';
import { goPow } from './go-compat.js';
import { METRIC_NAME, dropMetricName, formatLabels, getLabel, labelsKey, matchSignature, setLabel } from './labels.js';
import { SeriesBuilder, type ScalarValue, type StepSeries, type Steps, type Value, type VectorValue } from './values.js';

/** vectorElemBinop: the value and whether a comparison keeps the element. */
function apply(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+': return [l + r, true];
    case '-': return [l - r, true];
    case '*': return [l * r, true];
    case '/': return [l / r, true];
    case '%': return [l % r, true];
    case '^': return [goPow(l, r), true];
    case 'atan2': return [Math.atan2(l, r), true];
    case '==': return [l, l === r];
    case '!=': return [l, l !== r];
    case '>': return [l, l > r];
    case '<': return [l, l < r];
    case '>=': return [l, l >= r];
    case '<=': return [l, l <= r];
    default: throw new Error(`internal: operator ${op} on values`);
  }
}

function shouldDropMetricName(op: BinaryOp): boolean {
  return !COMPARISON_OPS.has(op) && op !== 'and' && op !== 'or' && op !== 'unless';
}

export async function evalBinary(ev: Evaluator, e: BinaryExpr, st: Steps): Promise<Value> {
  const lhs = await ev.eval(e.lhs, st);
  const rhs = await ev.eval(e.rhs, st);
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    const out = new Float64Array(st.n);
    for (let i = 0; i < st.n; i++) {
      const [v, keep] = apply(e.op, lhs.values[i]!, rhs.values[i]!);
      out[i] = COMPARISON_OPS.has(e.op) ? (keep ? 1 : 0) : v;
    }
    return { kind: 'scalar', values: out };
  }
  if (lhs.kind === 'vector' && rhs.kind === 'scalar') return vectorScalar(e, lhs, rhs, false, st);
  if (lhs.kind === 'scalar' && rhs.kind === 'vector') return vectorScalar(e, rhs, lhs, true, st);
  if (lhs.kind !== 'vector' || rhs.kind !== 'vector') throw new Error('internal: binary operands must be scalars or vectors');
  const matching = e.matching!;
  switch (e.op) {
    case 'and':
    case 'or':
    case 'unless':
      return setOperation(ev, e.op, lhs, rhs, matching, st);
    default:
      return vectorVector(ev, e, lhs, rhs, matching, st);
  }
}

function vectorScalar(e: BinaryExpr, vec: VectorValue, sc: ScalarValue, swap: boolean, st: Steps): VectorValue {
  const comparison = COMPARISON_OPS.has(e.op);
  const drop = shouldDropMetricName(e.op) || e.returnBool;
  const b = new SeriesBuilder(st.n);
  for (const s of vec.series) {
    const out = b.series(drop ? dropMetricName(s.metric) : s.metric);
    for (let i = 0; i < st.n; i++) {
      if (!s.present[i]) continue;
      let l = s.values[i]!;
      let r = sc.values[i]!;
      if (swap) [l, r] = [r, l];
      let [value, keep] = apply(e.op, l, r);
      // A comparison with the scalar on the left still returns the vector's value.
      if (comparison && swap) value = r;
      if (e.returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (keep) b.put(out, i, value);
    }
  }
  return { kind: 'vector', series: b.result() };
}

/** Interns signatures as small integers shared by both sides. */
function signatureIds(matching: VectorMatching, ...sides: StepSeries[][]): Int32Array[] {
  const ids = new Map<string, number>();
  return sides.map((side) =>
    Int32Array.from(side, (s) => {
      const sig = matchSignature(s.metric, matching.on, matching.matchingLabels);
      let id = ids.get(sig);
      if (id === undefined) {
        id = ids.size;
        ids.set(sig, id);
      }
      return id;
    }),
  );
}

function maxId(...arrays: Int32Array[]): number {
  let m = -1;
  for (const a of arrays) for (const x of a) if (x > m) m = x;
  return m + 1;
}

function setOperation(ev: Evaluator, op: 'and' | 'or' | 'unless', lhs: VectorValue, rhs: VectorValue, matching: VectorMatching, st: Steps): VectorValue {
  const [lsig, rsig] = signatureIds(matching, lhs.series, rhs.series) as [Int32Array, Int32Array];
  const seenAt = new Int32Array(maxId(lsig, rsig)).fill(-1);
  const b = new SeriesBuilder(st.n);
  const lOut = lhs.series.map((s) => b.series(s.metric));
  const rOut = op === 'or' ? rhs.series.map((s) => b.series(s.metric)) : [];
  for (let i = 0; i < st.n; i++) {
    ev.check();
    const lAny = lhs.series.some((s) => s.present[i]);
    const rAny = rhs.series.some((s) => s.present[i]);
    if (op === 'and') {
      if (!lAny || !rAny) continue;
      rhs.series.forEach((s, j) => { if (s.present[i]) seenAt[rsig[j]!] = i; });
      lhs.series.forEach((s, j) => { if (s.present[i] && seenAt[lsig[j]!] === i) b.put(lOut[j]!, i, s.values[i]!); });
    } else if (op === 'or') {
      lhs.series.forEach((s, j) => {
        if (!s.present[i]) return;
        seenAt[lsig[j]!] = i;
        b.put(lOut[j]!, i, s.values[i]!);
      });
      rhs.series.forEach((s, j) => { if (s.present[i] && (!lAny || seenAt[rsig[j]!] !== i)) b.put(rOut[j]!, i, s.values[i]!); });
    } else {
      if (rAny) rhs.series.forEach((s, j) => { if (s.present[i]) seenAt[rsig[j]!] = i; });
      lhs.series.forEach((s, j) => { if (s.present[i] && (!rAny || seenAt[lsig[j]!] !== i)) b.put(lOut[j]!, i, s.values[i]!); });
    }
  }
  return { kind: 'vector', series: b.result() };
}

/** Prometheus' resultMetric. */
function resultMetric(l: Labels, r: Labels, op: BinaryOp, matching: VectorMatching): Labels {
  let m = l;
  if (shouldDropMetricName(op)) m = dropMetricName(m);
  if (matching.card === 'one-to-one') {
    m = matching.on ? m.filter(([n]) => matching.matchingLabels.includes(n)) : m.filter(([n]) => !matching.matchingLabels.includes(n));
  }
  for (const name of matching.include) m = setLabel(m, name, getLabel(r, name));
  return m;
}

function matchedLabelsString(metric: Labels, matching: VectorMatching): string {
  const picked = matching.on
    ? metric.filter(([n]) => matching.matchingLabels.includes(n))
    : metric.filter(([n]) => !matching.matchingLabels.includes(n) && n !== METRIC_NAME);
  return formatLabels(picked);
}

function seriesString(metric: Labels): string {
  const name = getLabel(metric, METRIC_NAME);
  const rest = metric.filter(([n]) => n !== METRIC_NAME);
  return name === '' ? formatLabels(rest) : rest.length === 0 ? name : `${name}${formatLabels(rest)}`;
}

function vectorVector(ev: Evaluator, e: BinaryExpr, lhsIn: VectorValue, rhsIn: VectorValue, matching: VectorMatching, st: Steps): VectorValue {
  const swapped = matching.card === 'one-to-many';
  // The right side is always the "one" side; one-to-many swaps them.
  const lhs = swapped ? rhsIn.series : lhsIn.series;
  const rhs = swapped ? lhsIn.series : rhsIn.series;
  const [lsig, rsig] = signatureIds(matching, lhs, rhs) as [Int32Array, Int32Array];
  const nsig = maxId(lsig, rsig);
  const rightAt = new Int32Array(nsig).fill(-1);
  const rightStep = new Int32Array(nsig).fill(-1);
  const matchedStep = new Int32Array(nsig).fill(-1);
  const b = new SeriesBuilder(st.n);
  /** Output series index per (lhs, rhs) pair, and the signature that last wrote each output. */
  const pairOut = new Map<number, number>();
  const outs: StepSeries[] = [];
  const outIndexOf = new Map<StepSeries, number>();
  const lastSig: number[] = [];
  for (let i = 0; i < st.n; i++) {
    ev.check();
    for (let j = 0; j < rhs.length; j++) {
      const s = rhs[j]!;
      if (!s.present[i]) continue;
      const sig = rsig[j]!;
      if (rightStep[sig] === i) {
        const dup = rhs[rightAt[sig]!]!;
        throw executionError(
          `found duplicate series for the match group ${matchedLabelsString(s.metric, matching)} on the ${swapped ? 'left' : 'right'} hand-side of the operation: [${seriesString(s.metric)}, ${seriesString(dup.metric)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      rightStep[sig] = i;
      rightAt[sig] = j;
    }
    for (let j = 0; j < lhs.length; j++) {
      const ls = lhs[j]!;
      if (!ls.present[i]) continue;
      const sig = lsig[j]!;
      if (rightStep[sig] !== i) continue;
      const rIndex = rightAt[sig]!;
      const rs = rhs[rIndex]!;
      let vl = ls.values[i]!;
      let vr = rs.values[i]!;
      if (swapped) [vl, vr] = [vr, vl];
      const [computed, keep] = apply(e.op, vl, vr);
      let value = computed;
      if (e.returnBool) {
        value = keep ? 1 : 0;
      } else if (!keep) continue;
      const pairKey = j * rhs.length + rIndex;
      let outIndex = pairOut.get(pairKey);
      if (outIndex === undefined) {
        let metric = resultMetric(ls.metric, rs.metric, e.op, matching);
        if (e.returnBool) metric = dropMetricName(metric);
        const series = b.series(metric, labelsKey(metric));
        outIndex = outIndexOf.get(series);
        if (outIndex === undefined) {
          outIndex = outs.length;
          outs.push(series);
          outIndexOf.set(series, outIndex);
          lastSig.push(-1);
        }
        pairOut.set(pairKey, outIndex);
      }
      const out = outs[outIndex]!;
      if (matching.card === 'one-to-one') {
        if (matchedStep[sig] === i) throw executionError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
        matchedStep[sig] = i;
      } else if (out.present[i] && lastSig[outIndex] === sig) {
        throw executionError('multiple matches for labels: grouping labels must ensure unique matches');
      }
      lastSig[outIndex] = sig;
      b.put(out, i, value);
    }
  }
  return { kind: 'vector', series: b.result() };
}
