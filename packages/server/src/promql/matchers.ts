/** Label matchers compiled once, with Prometheus' semantics (missing label = empty value). */
import type { LabelMatcher, Labels } from '../store/metrics/querier.js';
import { compileAnchored } from './go-regexp.js';
import { getLabel } from './labels.js';

export type CompiledMatcher = (labels: Labels) => boolean;

export function compileMatcher(m: LabelMatcher): CompiledMatcher {
  switch (m.op) {
    case '=':
      return (l) => getLabel(l, m.name) === m.value;
    case '!=':
      return (l) => getLabel(l, m.name) !== m.value;
    case '=~': {
      const re = compileAnchored(m.value);
      return (l) => re.test(getLabel(l, m.name));
    }
    case '!~': {
      const re = compileAnchored(m.value);
      return (l) => !re.test(getLabel(l, m.name));
    }
  }
}

export function compileMatchers(ms: readonly LabelMatcher[]): CompiledMatcher {
  const fns = ms.map(compileMatcher);
  return (l) => fns.every((f) => f(l));
}
