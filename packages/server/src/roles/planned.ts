/**
 * Roles whose work lands in later issues still exist as modules today, so that names, config,
 * `--role` and readiness are stable from the start. They hold no resources yet.
 */
import type { ModuleDefinition } from '../runtime/module.js';

export function plannedRole(name: string, description: string, dependsOn: readonly string[]): ModuleDefinition {
  return {
    name,
    kind: 'role',
    description,
    dependsOn,
    async start(ctx) {
      ctx.log.debug('role has no jobs yet', { role: name });
      return { readiness: () => ({ ready: true }), stop: async () => undefined };
    },
  };
}
