import { ptrError } from '../errors/index.js';
import type { ModuleDefinition } from './module.js';

/**
 * Returns the modules needed for `requested` (with their dependencies), ordered so that every
 * module comes after the modules it depends on. `all` expands to every role.
 */
export function resolveModules(requested: readonly string[], registry: ReadonlyMap<string, ModuleDefinition>): ModuleDefinition[] {
  const roots = requested.includes('all')
    ? [...registry.values()].filter((m) => m.kind === 'role').map((m) => m.name)
    : [...requested];
  const ordered: ModuleDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: readonly string[]): void => {
    const mod = registry.get(name);
    if (!mod) {
      const roles = [...registry.values()].filter((m) => m.kind === 'role').map((m) => m.name);
      throw ptrError('PTR_ERR_ROLE_UNKNOWN', `unknown role "${name}"${path.length ? ` (needed by ${path.join(' -> ')})` : ''}; roles: ${[...roles, 'all'].join(', ')}`);
    }
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') throw ptrError('PTR_ERR_INTERNAL', `module dependency cycle: ${[...path, name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const dep of mod.dependsOn) visit(dep, [...path, name]);
    state.set(name, 'done');
    ordered.push(mod);
  };
  for (const r of roots) visit(r, []);
  return ordered;
}
