/**
 * Internal module `runtime`: what every process needs before any role starts. It checks that
 * the data dir can be written, loads (or creates once) the admin token, and keeps the table of
 * bound listeners.
 */
import { accessSync, constants, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ptrError } from '../errors/index.js';
import { loadAdminToken } from '../auth/index.js';
import { alwaysReady, type ModuleDefinition } from './module.js';
import { ADMIN_TOKEN, DATA_DIR, LISTENERS } from './keys.js';

export function ensureWritableDir(dir: string): string {
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
    accessSync(abs, constants.W_OK);
    const probe = join(abs, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw ptrError('PTR_ERR_DATA_DIR', `data dir ${abs} is not writable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return abs;
}

export const runtimeModule: ModuleDefinition = {
  name: 'runtime',
  kind: 'internal',
  description: 'Data dir check, admin token, listener table.',
  dependsOn: [],
  async start(ctx) {
    const dataDir = ensureWritableDir(ctx.config.dataDir);
    ctx.services.provide(DATA_DIR, dataDir);
    ctx.services.provide(ADMIN_TOKEN, loadAdminToken(dataDir, ctx.config.auth.adminToken));
    ctx.services.provide(LISTENERS, new Map<string, string>());
    return { readiness: alwaysReady, stop: async () => undefined };
  },
};
