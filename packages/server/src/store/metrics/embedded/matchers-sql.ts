/**
 * Label matchers as SQL over the series table, with values bound as query parameters.
 * PromQL semantics: a missing label equals the empty string (a ClickHouse Map returns '' for a
 * missing key, which is exactly that); regular expressions are fully anchored and `.` matches
 * newlines (Prometheus compiles `^(?s:re)$`); both use RE2 syntax.
 */
import type { LabelMatcher } from '../querier.js';

export class SqlParams {
  readonly values: Record<string, string | number | string[]> = {};
  private n = 0;

  add(v: string, type = 'String'): string {
    const name = `p${this.n++}`;
    this.values[name] = v;
    return `{${name}:${type}}`;
  }
}

function column(name: string, params: SqlParams): string {
  return name === '__name__' ? 'metric_name' : `labels[${params.add(name)}]`;
}

export function matcherSql(m: LabelMatcher, params: SqlParams): string {
  const col = column(m.name, params);
  switch (m.op) {
    case '=':
      return `${col} = ${params.add(m.value)}`;
    case '!=':
      return `${col} != ${params.add(m.value)}`;
    case '=~':
      return `match(${col}, ${params.add(`^(?s:${m.value})$`)})`;
    case '!~':
      return `NOT match(${col}, ${params.add(`^(?s:${m.value})$`)})`;
  }
}

/** AND of one selector's matchers. */
export function selectorSql(matchers: readonly LabelMatcher[], params: SqlParams): string {
  if (matchers.length === 0) return '1';
  return matchers.map((m) => `(${matcherSql(m, params)})`).join(' AND ');
}

/** OR of several selectors; no selector means every series. */
export function selectorsSql(selectors: readonly (readonly LabelMatcher[])[], params: SqlParams): string {
  if (selectors.length === 0) return '1';
  return selectors.map((s) => `(${selectorSql(s, params)})`).join(' OR ');
}

/** Days since the epoch (UTC), as the series table's `day` column counts them. */
export function dayOf(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

export function dayString(ms: number): string {
  return new Date(dayOf(Math.max(0, ms)) * 86_400_000).toISOString().slice(0, 10);
}
