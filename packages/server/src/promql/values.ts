/**
 * Values flowing between evaluation nodes. An instant vector is evaluated for every step of the
 * query at once: each series holds one value slot per step (typed arrays) and a presence flag,
 * so labels are matched once per series instead of once per step and sample.
 */
import type { Labels } from '../store/metrics/querier.js';
import type { QueryArena } from '../store/metrics/query-arena.js';
import { executionError } from './errors.js';
import { labelsKey } from './labels.js';

/** The evaluation timestamps: start, start+step, ..., <= end. */
export interface Steps {
  start: number;
  end: number;
  step: number;
  n: number;
}

export function makeSteps(start: number, end: number, step: number): Steps {
  const n = step > 0 ? Math.floor((end - start) / step) + 1 : 1;
  return { start, end, step, n };
}

export function stepTime(st: Steps, i: number): number {
  return st.start + i * st.step;
}

/**
 * The time each step reads at: the step's time, or the `@` time for every step, minus the
 * offset. As an array of plain doubles: computing `(atMs ?? stepTime) - offset` inside the step
 * loops made V8 box every step's time (a phi of a null-or-number and a double), 16 bytes per step
 * and series: ~4 MB of garbage per rate over 1k series, and with it full garbage collections.
 */
export function readTimes(st: Steps, atMs: number | null, offsetMs: number, arena: QueryArena): Float64Array {
  const out = arena.f64(st.n);
  if (atMs !== null) out.fill(atMs - offsetMs);
  else for (let i = 0; i < st.n; i++) out[i] = st.start + i * st.step - offsetMs;
  return out;
}

export interface StepSeries {
  metric: Labels;
  values: Float64Array;
  /** 1 where the series has a value at that step. */
  present: Uint8Array;
}

export interface VectorValue {
  kind: 'vector';
  series: StepSeries[];
}

export interface ScalarValue {
  kind: 'scalar';
  values: Float64Array;
}

export interface StringValue {
  kind: 'string';
  value: string;
}

export type Value = VectorValue | ScalarValue | StringValue;

/** Raw samples of one series (a range vector's series, stale markers removed). */
export interface RawSeries {
  metric: Labels;
  t: Float64Array;
  v: Float64Array;
}

export function newSeries(metric: Labels, n: number): StepSeries {
  return { metric, values: new Float64Array(n), present: new Uint8Array(n) };
}

/**
 * Step series for up to `count` inputs, carved out of one buffer per column: a typed array of its
 * own per series cost ~2 µs each to allocate (a backing store per array), 4-5 ms of a rate over
 * 1k series. `next` hands out the next free region; `keep` claims it. A region not kept (the
 * input had no value at any step) was not written, so the next input reuses it as is.
 */
export class StepSlab {
  private readonly values: Float64Array;
  private readonly present: Uint8Array;
  /** A third column, the time of the sample behind each step's value (instant selectors). */
  private readonly times: Float64Array | undefined;
  private used = 0;

  constructor(
    count: number,
    private readonly n: number,
    arena: QueryArena,
    withTimes = false,
  ) {
    this.values = arena.f64(count * n);
    this.present = arena.u8(count * n);
    if (withTimes) this.times = arena.f64(count * n);
  }

  next(metric: Labels): StepSeries {
    const off = this.used * this.n;
    return { metric, values: this.values.subarray(off, off + this.n), present: this.present.subarray(off, off + this.n) };
  }

  /** The times column's region that `next` handed out last. */
  nextTimes(): Float64Array {
    const off = this.used * this.n;
    return this.times!.subarray(off, off + this.n);
  }

  keep(): void {
    this.used++;
  }
}

/**
 * Collects output series by label set. A label set may be produced by several inputs (after
 * dropping the metric name, for instance); that is fine across steps, but two values for the same
 * label set at the same step is Prometheus' "vector cannot contain metrics with the same labelset".
 */
export class SeriesBuilder {
  private readonly byKey = new Map<string, StepSeries>();
  readonly out: StepSeries[] = [];

  constructor(private readonly n: number) {}

  series(metric: Labels, key: string = labelsKey(metric)): StepSeries {
    let s = this.byKey.get(key);
    if (!s) {
      s = newSeries(metric, this.n);
      this.byKey.set(key, s);
      this.out.push(s);
    }
    return s;
  }

  put(s: StepSeries, step: number, value: number): void {
    if (s.present[step] === 1) throw executionError('vector cannot contain metrics with the same labelset');
    s.present[step] = 1;
    s.values[step] = value;
  }

  /** Output without series that never got a value. */
  result(): StepSeries[] {
    return this.out.filter((s) => s.present.includes(1));
  }
}

export function scalarOf(n: number, v: number): ScalarValue {
  return { kind: 'scalar', values: new Float64Array(n).fill(v) };
}
