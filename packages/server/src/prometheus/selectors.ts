/** `match[]` selectors and the vector selectors of a query, read with the PromQL parser. */
import type { Expr, VectorSelector } from '../promql/ast.js';
import { badDataError } from '../promql/errors.js';
import type { LabelMatcher } from '../store/metrics/querier.js';

export type ParseFn = (query: string) => Expr;

export function parseMatchers(parse: ParseFn, values: readonly string[]): LabelMatcher[][] {
  return values.map((s) => {
    let e: Expr;
    try {
      e = parse(s);
    } catch (err) {
      throw badDataError(`invalid parameter "match[]": ${(err as Error).message}`);
    }
    if (e.type !== 'VectorSelector') throw badDataError(`invalid parameter "match[]": expected a series selector, got ${e.type}`);
    return e.matchers;
  });
}

/** Every vector selector in an expression (for /query_exemplars). */
export function vectorSelectors(e: unknown, out: VectorSelector[] = []): VectorSelector[] {
  if (e === null || typeof e !== 'object') return out;
  if (Array.isArray(e)) {
    for (const x of e) vectorSelectors(x, out);
    return out;
  }
  const node = e as { type?: unknown };
  if (node.type === 'VectorSelector') {
    out.push(e as VectorSelector);
    return out;
  }
  for (const [k, v] of Object.entries(e)) if (k !== 'func' && k !== 'pos') vectorSelectors(v, out);
  return out;
}
