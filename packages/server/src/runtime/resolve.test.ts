import { describe, expect, it } from 'vitest';
import { isPtrError } from '../errors/index.js';
import { defaultModules } from '../roles/registry.js';
import { resolveModules } from './resolve.js';
import type { ModuleDefinition } from './module.js';

const names = (mods: ModuleDefinition[]): string[] => mods.map((m) => m.name);

describe('resolveModules', () => {
  it('expands all to every role, dependencies first', () => {
    const order = names(resolveModules(['all'], defaultModules()));
    for (const role of ['ingest', 'processor', 'gateway', 'alerting', 'healing', 'topology', 'synthetics', 'ai']) expect(order).toContain(role);
    for (const mod of resolveModules(['all'], defaultModules())) {
      for (const dep of mod.dependsOn) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(mod.name));
    }
  });

  it('starts only what a role needs', () => {
    const order = names(resolveModules(['gateway'], defaultModules()));
    expect(order).toContain('runtime');
    expect(order).toContain('http');
    expect(order).not.toContain('ai');
  });

  it('names an unknown role and lists the valid ones', () => {
    try {
      resolveModules(['ingset'], defaultModules());
      expect.unreachable();
    } catch (err) {
      expect(isPtrError(err) && err.code).toBe('PTR_ERR_ROLE_UNKNOWN');
      expect((err as Error).message).toMatch(/unknown role "ingset".*roles: .*ingest/);
    }
  });

  it('detects dependency cycles', () => {
    const a: ModuleDefinition = { name: 'a', kind: 'role', description: '', dependsOn: ['b'], start: async () => ({ readiness: () => ({ ready: true }), stop: async () => undefined }) };
    const b: ModuleDefinition = { ...a, name: 'b', dependsOn: ['a'] };
    expect(() => resolveModules(['a'], new Map([['a', a], ['b', b]]))).toThrow(/cycle: a -> b -> a/);
  });
});
