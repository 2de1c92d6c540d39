/** The call graph as adjacency lists: `callees.get(a)` are the components `a` calls. */
export interface CallGraph {
  callees: Map<string, Set<string>>;
}

export function buildGraph(edges: readonly { caller: string; callee: string }[]): CallGraph {
  const callees = new Map<string, Set<string>>();
  for (const { caller, callee } of edges) {
    if (caller === callee) continue;
    let s = callees.get(caller);
    if (s === undefined) callees.set(caller, (s = new Set()));
    s.add(callee);
  }
  return { callees };
}

/** Every component reachable from `from` by following calls (its dependencies, direct or not), `from` included. */
export function dependencies(graph: CallGraph, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const c of graph.callees.get(n) ?? []) {
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return seen;
}
