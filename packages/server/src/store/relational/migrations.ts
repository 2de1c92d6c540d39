/**
 * Schema migrations, applied in order and recorded in schema_migrations. Each has a SQLite and a
 * PostgreSQL form where the dialects differ (auto-increment keys). Never edit a released
 * migration; add the next one.
 */
import type { SqlDriver } from './sql-driver.js';

export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

const common = (stmts: string[]): Pick<Migration, 'sqlite' | 'postgres'> => ({ sqlite: stmts, postgres: stmts });

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users, api keys, revoked tokens, settings',
    ...common([
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        tokens_valid_after BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL)`,
      `CREATE INDEX users_tenant ON users (tenant)`,
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        revoked_at BIGINT,
        last_used_at BIGINT)`,
      `CREATE INDEX api_keys_tenant ON api_keys (tenant)`,
      `CREATE TABLE revoked_tokens (jti TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)`,
      `CREATE TABLE settings (
        tenant TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (tenant, key))`,
    ]),
  },
  {
    version: 2,
    name: 'audit trail',
    sqlite: [
      `CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL, actor_kind TEXT NOT NULL,
        action TEXT NOT NULL, target_type TEXT NOT NULL, target_id TEXT NOT NULL, source_ip TEXT NOT NULL,
        before_json TEXT, after_json TEXT)`,
      `CREATE INDEX audit_tenant_at ON audit (tenant, at)`,
    ],
    postgres: [
      `CREATE TABLE audit (
        seq BIGSERIAL PRIMARY KEY,
        tenant TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL, actor_kind TEXT NOT NULL,
        action TEXT NOT NULL, target_type TEXT NOT NULL, target_id TEXT NOT NULL, source_ip TEXT NOT NULL,
        before_json TEXT, after_json TEXT)`,
      `CREATE INDEX audit_tenant_at ON audit (tenant, at)`,
    ],
  },
];

/** Applies what is missing. On PostgreSQL an advisory lock keeps concurrent replicas apart. */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return driver.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7150001)');
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const stmt of tx.dialect === 'sqlite' ? m.sqlite : m.postgres) await tx.run(stmt);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, Date.now()]);
      applied.push(m.version);
    }
    return applied;
  });
}
