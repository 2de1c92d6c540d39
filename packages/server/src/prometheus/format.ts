/**
 * Prometheus' JSON rendering of query results: sample values are strings in Go's shortest
 * round-trip form ('f' format, 'e' below 1e-6 and from 1e21, as Prometheus' jsonutil.MarshalFloat
 * does), "+Inf"/"-Inf"/"NaN"; timestamps are float seconds.
 */
import type { QueryResult } from '../promql/engine-api.js';
import type { Labels } from '../store/metrics/querier.js';

export function formatPromFloat(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  if (Object.is(v, -0)) return '-0';
  // JS switches to exponent form at exactly the same thresholds as Prometheus; Go writes at
  // least two exponent digits.
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s[e + 1]!;
  const digits = s.slice(e + 2);
  return s.slice(0, e) + 'e' + sign + (digits.length < 2 ? '0' + digits : digits);
}

/** Milliseconds to Prometheus' float seconds (exact to the millisecond). */
export function promTime(ms: number): number {
  return ms / 1000;
}

export function labelsObject(labels: Labels): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of labels) o[k] = v;
  return o;
}

export type PromData =
  | { resultType: 'scalar' | 'string'; result: [number, string] }
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
  | { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] };

export function resultData(r: QueryResult): PromData {
  switch (r.resultType) {
    case 'scalar':
      return { resultType: 'scalar', result: [promTime(r.timestampMs), formatPromFloat(r.value)] };
    case 'string':
      return { resultType: 'string', result: [promTime(r.timestampMs), r.value] };
    case 'vector':
      return { resultType: 'vector', result: r.samples.map((s) => ({ metric: labelsObject(s.metric), value: [promTime(s.timestampMs), formatPromFloat(s.value)] })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.series.map((s) => {
          const values: [number, string][] = new Array(s.timestamps.length);
          for (let i = 0; i < s.timestamps.length; i++) values[i] = [promTime(s.timestamps[i]!), formatPromFloat(s.values[i]!)];
          return { metric: labelsObject(s.metric), values };
        }),
      };
  }
}
