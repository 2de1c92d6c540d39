import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/index.js';
import { silentLogger } from '../log/index.js';
import type { ModuleDefinition } from './module.js';
import { startPointer } from './pointer-server.js';

function role(name: string, fail: boolean): ModuleDefinition {
  return {
    name,
    kind: 'role',
    description: name,
    dependsOn: ['runtime'],
    async start() {
      if (fail) throw new Error(`${name} cannot listen`);
      return { readiness: () => ({ ready: true }), stop: async () => undefined };
    },
  };
}

describe('startPointer and the generated admin token', () => {
  it('a first start that fails stores no hash, so the next successful start generates and shows a token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ptr-start-'));
    const config = validateConfig({ dataDir });
    const modules = [role('broken', true), role('fine', false)];
    const start = (r: string) => startPointer({ config, roles: [r], modules, log: silentLogger, processMetrics: false });

    await expect(start('broken')).rejects.toThrow(/broken cannot listen/);
    expect(existsSync(join(dataDir, 'auth', 'admin-token.json'))).toBe(false);

    const ok = await start('fine');
    const token = ok.generatedAdminToken;
    expect(token).toMatch(/^ptr_admin_/);
    await ok.stop();
    expect(existsSync(join(dataDir, 'auth', 'admin-token.json'))).toBe(true);

    const again = await start('fine');
    expect(again.generatedAdminToken).toBeUndefined();
    await again.stop();
  });
});
