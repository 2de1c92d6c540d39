/** Label matchers back to PromQL selector text, for VictoriaMetrics' match[] parameters. */
import type { LabelMatcher } from '../querier.js';

/** A PromQL (Go-syntax) double-quoted string. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

export function selectorText(matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) return '{__name__=~".+"}';
  return '{' + matchers.map((m) => `${m.name}${m.op}${quote(m.value)}`).join(',') + '}';
}
