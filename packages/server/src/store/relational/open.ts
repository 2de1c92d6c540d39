/** Opens the relational store the config names and brings its schema up to date. */
import { join } from 'node:path';
import { ptrError } from '../../errors/index.js';
import type { PointerConfig } from '../../config/index.js';
import { openPostgresDriver } from './postgres-driver.js';
import { openSqliteDriver } from './sqlite-driver.js';
import { SqlRelationalStore } from './sql-store.js';
import type { RelationalStore } from './store.js';

export type RelationalTarget = { backend: 'sqlite'; file: string } | { backend: 'postgres'; url: string };

export function relationalTarget(config: PointerConfig, dataDir: string): RelationalTarget {
  const r = config.storage.relational;
  if (r.backend === 'postgres') {
    if (!r.postgresUrl) throw ptrError('PTR_ERR_CONFIG_INVALID', 'storage.relational.postgresUrl is required when storage.relational.backend is postgres');
    return { backend: 'postgres', url: r.postgresUrl };
  }
  return { backend: 'sqlite', file: join(dataDir, 'pointer.sqlite') };
}

export async function openRelationalStore(target: RelationalTarget): Promise<RelationalStore> {
  const driver = target.backend === 'sqlite' ? openSqliteDriver(target.file) : openPostgresDriver(target.url);
  const store = new SqlRelationalStore(driver);
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}
