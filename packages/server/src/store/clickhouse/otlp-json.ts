/** Helpers for building OTLP/JSON (spec form) from stored rows: zero values are omitted. */
export type Obj = Record<string, unknown>;

export function omitEmpty(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === '' || v === 0 || v === '0' || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

/** Groups items under resource and scope keys, keeping first-seen order. */
export class ResourceScopeGrouper<T> {
  private readonly resources = new Map<string, { resource: Obj; schemaUrl: string; scopes: Map<string, { scope: Obj; schemaUrl: string; items: T[] }> }>();

  add(resourceKey: string, makeResource: () => { resource: Obj; schemaUrl: string }, scopeKey: string, makeScope: () => { scope: Obj; schemaUrl: string }, item: T): void {
    let r = this.resources.get(resourceKey);
    if (!r) {
      r = { ...makeResource(), scopes: new Map() };
      this.resources.set(resourceKey, r);
    }
    let s = r.scopes.get(scopeKey);
    if (!s) {
      s = { ...makeScope(), items: [] };
      r.scopes.set(scopeKey, s);
    }
    s.items.push(item);
  }

  build(scopesKey: string, itemsKey: string): Obj[] {
    const out: Obj[] = [];
    for (const r of this.resources.values()) {
      const scopes: Obj[] = [];
      for (const s of r.scopes.values()) scopes.push(omitEmpty({ scope: s.scope, [itemsKey]: s.items, schemaUrl: s.schemaUrl }));
      out.push(omitEmpty({ resource: r.resource, [scopesKey]: scopes, schemaUrl: r.schemaUrl }));
    }
    return out;
  }
}
