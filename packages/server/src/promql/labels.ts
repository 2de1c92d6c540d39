/**
 * Label-set helpers with Prometheus' semantics: label sets are sorted by name, a label with an
 * empty value does not exist, and `__name__` is the metric name.
 */
import type { Labels } from '../store/metrics/querier.js';

export const METRIC_NAME = '__name__';
const SEP = '\xff';

/** A string that identifies a label set (used as a map key). */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const [name, value] of labels) key += name + SEP + value + SEP;
  return key;
}

export function getLabel(labels: Labels, name: string): string {
  for (const [n, v] of labels) if (n === name) return v;
  return '';
}

export function dropMetricName(labels: Labels): Labels {
  for (const [n] of labels) {
    if (n === METRIC_NAME) return labels.filter(([name]) => name !== METRIC_NAME);
  }
  return labels;
}

/** Sets (or with an empty value deletes) one label, keeping the set sorted. */
export function setLabel(labels: Labels, name: string, value: string): Labels {
  const out: (readonly [string, string])[] = [];
  let done = false;
  for (const l of labels) {
    if (!done && l[0] >= name) {
      done = true;
      if (value !== '') out.push([name, value]);
      if (l[0] === name) continue;
    }
    out.push(l);
  }
  if (!done && value !== '') out.push([name, value]);
  return out;
}

export function keepLabels(labels: Labels, names: readonly string[]): Labels {
  return labels.filter(([n]) => names.includes(n));
}

export function deleteLabels(labels: Labels, names: readonly string[]): Labels {
  return labels.filter(([n]) => !names.includes(n));
}

/** Key of the labels named (`on`) or of all labels but those named and `__name__` (`ignoring`). */
export function matchSignature(labels: Labels, on: boolean, names: readonly string[]): string {
  let key = '';
  for (const [n, v] of labels) {
    const listed = names.includes(n);
    if (on ? listed : !listed && n !== METRIC_NAME) key += n + SEP + v + SEP;
  }
  return key;
}

/** Grouping key of an aggregation: labels in `by`, or all but `without` and `__name__`. */
export function groupingKey(labels: Labels, grouping: readonly string[], without: boolean): string {
  if (!without && grouping.length === 0) return '';
  return matchSignature(labels, !without, grouping);
}

/** Labels in Prometheus' String() form: `{a="b", c="d"}` (metric name first, outside braces). */
export function formatLabels(labels: Labels): string {
  const parts: string[] = [];
  for (const [n, v] of labels) parts.push(`${n}=${JSON.stringify(v)}`);
  return `{${parts.join(', ')}}`;
}

export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x[0] !== y[0]) return x[0] < y[0] ? -1 : 1;
    if (x[1] !== y[1]) return x[1] < y[1] ? -1 : 1;
  }
  return a.length - b.length;
}

/** Builds a sorted label set from an object or pairs, dropping empty values. */
export function makeLabels(pairs: Iterable<readonly [string, string]>): Labels {
  const out = [...pairs].filter(([, v]) => v !== '');
  out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return out;
}
