/**
 * Query depth and cost limits, checked before execution. Depth counts nested selection sets
 * (fragments expanded); cost counts every field, multiplied by the `limit` argument of list
 * fields above it (10 when absent), so a wide page of deep objects costs what it would fetch.
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { ptrError } from '../../errors/index.js';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

function limitArg(args: readonly { name: { value: string }; value: ValueNode }[] | undefined, variables: Record<string, unknown>): number | undefined {
  const a = args?.find((x) => x.name.value === 'limit');
  if (!a) return undefined;
  if (a.value.kind === Kind.INT) return Number(a.value.value);
  if (a.value.kind === Kind.VARIABLE) {
    const v = variables[a.value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

export function measure(doc: DocumentNode, variables: Record<string, unknown> = {}): { depth: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const walk = (set: SelectionSetNode, depth: number, multiplier: number, seen: Set<string>): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        cost += multiplier;
        if (sel.selectionSet) {
          const m = multiplier * (limitArg(sel.arguments, variables) ?? 10);
          const r = walk(sel.selectionSet, depth + 1, Math.min(m, 1e9), seen);
          maxDepth = Math.max(maxDepth, r.depth);
          cost += r.cost;
        }
      } else {
        const inner = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments.get(sel.name.value)?.selectionSet;
        if (!inner) continue;
        if (sel.kind === Kind.FRAGMENT_SPREAD) {
          if (seen.has(sel.name.value)) continue;
          seen = new Set(seen).add(sel.name.value);
        }
        const r = walk(inner, depth, multiplier, seen);
        maxDepth = Math.max(maxDepth, r.depth);
        cost += r.cost;
      }
    }
    return { depth: maxDepth, cost };
  };
  let depth = 0;
  let cost = 0;
  for (const d of doc.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const r = walk(d.selectionSet, 1, 1, new Set());
    depth = Math.max(depth, r.depth);
    cost += r.cost;
  }
  return { depth, cost };
}

export function enforceLimits(doc: DocumentNode, limits: QueryLimits, variables?: Record<string, unknown>): void {
  const { depth, cost } = measure(doc, variables);
  if (depth > limits.maxDepth) throw ptrError('PTR_ERR_QUERY_TOO_COMPLEX', `query depth ${depth} exceeds the limit of ${limits.maxDepth}`, { details: { depth, maxDepth: limits.maxDepth } });
  if (cost > limits.maxCost) throw ptrError('PTR_ERR_QUERY_TOO_COMPLEX', `query cost ${cost} exceeds the limit of ${limits.maxCost}`, { details: { cost, maxCost: limits.maxCost } });
}
