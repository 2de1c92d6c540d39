/**
 * Aggregation operators (sum, avg, min, max, group, count, stddev, stdvar, topk, bottomk,
 * quantile, count_values) with by/without, ported from Prometheus 2.x evaluator.aggregation:
 * same running formulas (incremental mean, Welford variance), same NaN rules, same heap for
 * topk/bottomk, groups emitted in order of first appearance.
 */
import type { Labels } from '../store/metrics/querier.js';
import type { AggregateExpr } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { executionError } from './errors.js';
import { formatGoFloatF, formatGoFloatG } from './go-compat.js';
import { METRIC_NAME, groupingKey, labelsKey, setLabel } from './labels.js';
import { quantile } from './quantile.js';
import { SeriesBuilder, type StepSeries, type Steps, type Value, type VectorValue } from './values.js';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Accumulator cells (groups x steps) of one block of an aggregation: ~1.5 MiB of arrays. */
const BLOCK_CELLS = 65536;

function groupLabels(metric: Labels, grouping: readonly string[], without: boolean): Labels {
  if (without) return metric.filter(([n]) => n !== METRIC_NAME && !grouping.includes(n));
  if (grouping.length === 0) return [];
  return metric.filter(([n]) => grouping.includes(n));
}

export async function evalAggregate(ev: Evaluator, e: AggregateExpr, st: Steps): Promise<Value> {
  const grouping = [...e.grouping].sort();
  let param: Float64Array | undefined;
  let stringParam = '';
  if (e.param) {
    const p = await ev.eval(e.param, st);
    if (p.kind === 'scalar') param = p.values;
    else if (p.kind === 'string') stringParam = p.value;
  }
  const v = await ev.eval(e.expr, st);
  if (v.kind !== 'vector') throw new Error('internal: aggregation over a non-vector');
  if (e.op === 'count_values') return countValues(ev, e, v, grouping, stringParam, st);
  if (e.op === 'topk' || e.op === 'bottomk') return topBottomK(ev, e, v, grouping, param!, st);

  // Group index per series: labels are constant over steps.
  const groupOf = new Int32Array(v.series.length);
  const groups: { metric: Labels; out: StepSeries | undefined }[] = [];
  const index = new Map<string, number>();
  v.series.forEach((s, i) => {
    const key = groupingKey(s.metric, grouping, e.without);
    let g = index.get(key);
    if (g === undefined) {
      g = groups.length;
      index.set(key, g);
      groups.push({ metric: groupLabels(s.metric, grouping, e.without), out: undefined });
    }
    groupOf[i] = g;
  });
  const ng = groups.length;
  const n = st.n;
  // Steps in blocks, and within a block series by series: each series' step arrays are read in
  // order. Step by step over all series (as Prometheus' loop goes) read one element of each of
  // 1k arrays per step and took as long as the rate under it. Each (group, step) cell still
  // sees its series in input order, so the float results are the same bit for bit.
  const block = Math.max(1, Math.min(n, Math.floor(BLOCK_CELLS / ng)));
  const cells = ng * block;
  const arena = ev.opts.arena;
  const value = arena.f64(cells);
  const mean = arena.f64(cells);
  const count = arena.f64(cells);
  /** The first series seen in a cell, plus one (0: none yet); it orders the groups' output. */
  const first = arena.u32(cells);
  const lists: number[][] = e.op === 'quantile' ? new Array<number[]>(cells) : [];
  const b = new SeriesBuilder(n);
  // Operators as small integers: the per-sample switch stays cheap.
  const OP = { sum: 0, avg: 1, max: 2, min: 3, count: 4, stddev: 5, stdvar: 5, quantile: 6, group: 7 } as const;
  const op: number = OP[e.op as keyof typeof OP];
  const initZero = op === 5;
  const initOne = op === 7;
  const series = v.series;
  const ns = series.length;
  const fresh: number[] = [];
  for (let b0 = 0; b0 < n; b0 += block) {
    const bn = Math.min(block, n - b0);
    first.fill(0);
    for (let si = 0; si < ns; si++) {
      ev.check();
      const s = series[si]!;
      const present = s.present;
      const values = s.values;
      const base = groupOf[si]! * block - b0;
      for (let i = b0; i < b0 + bn; i++) {
        if (!present[i]) continue;
        const x = values[i]!;
        const c = base + i;
        if (first[c] === 0) {
          first[c] = si + 1;
          value[c] = initZero ? 0 : initOne ? 1 : x;
          mean[c] = x;
          count[c] = 1;
          if (op === 6) lists[c] = [x];
          continue;
        }
        switch (op) {
          case 0:
            value[c] = value[c]! + x;
            break;
          case 1: {
            const k = (count[c] = count[c]! + 1);
            const m = mean[c]!;
            if (m === Infinity || m === -Infinity) {
              if ((x === Infinity || x === -Infinity) && m > 0 === x > 0) break;
              if (x !== Infinity && x !== -Infinity && !Number.isNaN(x)) break;
            }
            mean[c] = m + x / k - m / k;
            break;
          }
          case 2:
            if (value[c]! < x || Number.isNaN(value[c]!)) value[c] = x;
            break;
          case 3:
            if (value[c]! > x || Number.isNaN(value[c]!)) value[c] = x;
            break;
          case 4:
            count[c] = count[c]! + 1;
            break;
          case 5: {
            const k = (count[c] = count[c]! + 1);
            const delta = x - mean[c]!;
            mean[c] = mean[c]! + delta / k;
            value[c] = value[c]! + delta * (x - mean[c]!);
            break;
          }
          case 6:
            lists[c]!.push(x);
            break;
          default:
            break;
        }
      }
    }
    for (let j = 0; j < bn; j++) {
      const i = b0 + j;
      // groups get their output series in order of first appearance, as Prometheus emits them
      fresh.length = 0;
      for (let g = 0; g < ng; g++) if (first[g * block + j] !== 0 && !groups[g]!.out) fresh.push(g);
      if (fresh.length > 1) fresh.sort((x, y) => first[x * block + j]! - first[y * block + j]!);
      for (const g of fresh) groups[g]!.out = b.series(groups[g]!.metric);
      for (let g = 0; g < ng; g++) {
        const c = g * block + j;
        if (first[c] === 0) continue;
        let result: number;
        switch (op) {
          case 1:
            result = mean[c]!;
            break;
          case 4:
            result = count[c]!;
            break;
          case 5:
            result = e.op === 'stddev' ? Math.sqrt(value[c]! / count[c]!) : value[c]! / count[c]!;
            break;
          case 6:
            result = quantile(param![i]!, lists[c]!);
            break;
          default:
            result = value[c]!;
        }
        b.put(groups[g]!.out!, i, result);
      }
    }
  }
  return { kind: 'vector', series: b.result() };
}

function countValues(ev: Evaluator, e: AggregateExpr, v: VectorValue, grouping: string[], label: string, st: Steps): Value {
  if (!LABEL_NAME_RE.test(label)) throw executionError(`invalid label name ${JSON.stringify(label)}`);
  const effective = e.without ? grouping : [...grouping, label].sort();
  const b = new SeriesBuilder(st.n);
  for (let i = 0; i < st.n; i++) {
    ev.check();
    const counts = new Map<string, { metric: Labels; n: number }>();
    for (const s of v.series) {
      if (!s.present[i]) continue;
      const metric = setLabel(s.metric, label, formatGoFloatF(s.values[i]!));
      const key = groupingKey(metric, effective, e.without);
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { metric: groupLabels(metric, effective, e.without), n: 1 });
    }
    for (const c of counts.values()) b.put(b.series(c.metric), i, c.n);
  }
  return { kind: 'vector', series: b.result() };
}

/** Go's container/heap over series indices, ordered by `less`. */
class GoHeap {
  items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}
  push(x: number): void {
    this.items.push(x);
    let j = this.items.length - 1;
    for (;;) {
      const i = Math.trunc((j - 1) / 2);
      if (i === j || !this.less(this.items[j]!, this.items[i]!)) break;
      this.swap(i, j);
      j = i;
    }
  }
  pop(): number {
    const n = this.items.length - 1;
    this.swap(0, n);
    let i = 0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(this.items[j2]!, this.items[j1]!)) j = j2;
      if (!this.less(this.items[j]!, this.items[i]!)) break;
      this.swap(i, j);
      i = j;
    }
    return this.items.pop()!;
  }
  private swap(i: number, j: number): void {
    const t = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = t;
  }
}

function topBottomK(ev: Evaluator, e: AggregateExpr, v: VectorValue, grouping: string[], param: Float64Array, st: Steps): Value {
  const top = e.op === 'topk';
  const groupOf = new Int32Array(v.series.length);
  const index = new Map<string, number>();
  v.series.forEach((s, i) => {
    const key = groupingKey(s.metric, grouping, e.without);
    let g = index.get(key);
    if (g === undefined) {
      g = index.size;
      index.set(key, g);
    }
    groupOf[i] = g;
  });
  const b = new SeriesBuilder(st.n);
  const outOf = new Map<number, StepSeries>();
  for (let i = 0; i < st.n; i++) {
    ev.check();
    const f = param[i]!;
    if (!(f <= 9223372036854775807 && f >= -9223372036854775808)) throw executionError(`Scalar value ${formatGoFloatG(f)} overflows int64`);
    const k = Math.trunc(f);
    if (k < 1) continue;
    const val = (si: number): number => v.series[si]!.values[i]!;
    // vectorByValueHeap / vectorByReverseValueHeap: NaN counts as the "smallest" element.
    const less = top
      ? (a: number, b2: number) => Number.isNaN(val(a)) || val(a) < val(b2)
      : (a: number, b2: number) => Number.isNaN(val(a)) || val(a) > val(b2);
    const heaps = new Map<number, GoHeap>();
    const order: number[] = [];
    for (let si = 0; si < v.series.length; si++) {
      if (!v.series[si]!.present[i]) continue;
      const g = groupOf[si]!;
      let h = heaps.get(g);
      if (!h) {
        h = new GoHeap(less);
        h.items.push(si);
        heaps.set(g, h);
        order.push(g);
        continue;
      }
      const root = val(h.items[0]!);
      const x = val(si);
      const better = top ? root < x : root > x;
      if (h.items.length < k || better || Number.isNaN(root)) {
        if (h.items.length === k) h.pop();
        h.push(si);
      }
    }
    for (const g of order) {
      const items = heaps.get(g)!.items.slice();
      // sort.Reverse of the heap order: best first, NaN last.
      items.sort((a, c) => (less(c, a) ? -1 : less(a, c) ? 1 : 0));
      for (const si of items) {
        let out = outOf.get(si);
        if (!out) {
          out = b.series(v.series[si]!.metric, labelsKey(v.series[si]!.metric));
          outOf.set(si, out);
        }
        b.put(out, i, val(si));
      }
    }
  }
  return { kind: 'vector', series: b.result() };
}
