/** `RelationalStore` over any `SqlDriver`: the one implementation for SQLite and PostgreSQL. */
import type { SqlDriver, SqlValue } from './sql-driver.js';
import { migrate } from './migrations.js';
import type { ApiKeyRecord, ApiKeyScope, AuditQuery, AuditRecord, NewAuditRecord, RelationalStore, Role, UserPatch, UserRecord } from './store.js';

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const unjson = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : null);

function toUser(r: Row): UserRecord {
  return {
    id: String(r['id']),
    tenant: String(r['tenant']),
    username: String(r['username']),
    passwordHash: String(r['password_hash']),
    role: String(r['role']) as Role,
    disabled: num(r['disabled']) !== 0,
    tokensValidAfter: num(r['tokens_valid_after']),
    createdAt: num(r['created_at']),
    updatedAt: num(r['updated_at']),
  };
}

function toKey(r: Row): ApiKeyRecord {
  return {
    id: String(r['id']),
    tenant: String(r['tenant']),
    name: String(r['name']),
    scopes: String(r['scopes']).split(',').filter(Boolean) as ApiKeyScope[],
    secretHash: String(r['secret_hash']),
    createdBy: String(r['created_by']),
    createdAt: num(r['created_at']),
    expiresAt: numOrNull(r['expires_at']),
    revokedAt: numOrNull(r['revoked_at']),
    lastUsedAt: numOrNull(r['last_used_at']),
  };
}

function toAudit(r: Row): AuditRecord {
  return {
    seq: num(r['seq']),
    tenant: String(r['tenant']),
    at: num(r['at']),
    actor: String(r['actor']),
    actorKind: String(r['actor_kind']),
    action: String(r['action']),
    targetType: String(r['target_type']),
    targetId: String(r['target_id']),
    sourceIp: String(r['source_ip']),
    before: unjson(r['before_json']),
    after: unjson(r['after_json']),
  };
}

const USER_COLUMNS: Record<keyof UserPatch, string> = {
  passwordHash: 'password_hash',
  role: 'role',
  disabled: 'disabled',
  tokensValidAfter: 'tokens_valid_after',
};

export class SqlRelationalStore implements RelationalStore {
  constructor(private readonly db: SqlDriver) {}

  get backend(): 'sqlite' | 'postgres' {
    return this.db.dialect;
  }

  async migrate(): Promise<void> {
    await migrate(this.db);
  }

  async createUser(u: UserRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO users (id, tenant, username, password_hash, role, disabled, tokens_valid_after, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [u.id, u.tenant, u.username, u.passwordHash, u.role, u.disabled ? 1 : 0, u.tokensValidAfter, u.createdAt, u.updatedAt],
    );
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    const [r] = await this.db.query<Row>('SELECT * FROM users WHERE id = ?', [id]);
    return r ? toUser(r) : undefined;
  }

  async getUserByName(username: string): Promise<UserRecord | undefined> {
    const [r] = await this.db.query<Row>('SELECT * FROM users WHERE username = ?', [username]);
    return r ? toUser(r) : undefined;
  }

  async listUsers(tenant: string): Promise<UserRecord[]> {
    return (await this.db.query<Row>('SELECT * FROM users WHERE tenant = ? ORDER BY username', [tenant])).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch, updatedAt: number): Promise<UserRecord | undefined> {
    const sets: string[] = ['updated_at = ?'];
    const params: SqlValue[] = [updatedAt];
    for (const [k, col] of Object.entries(USER_COLUMNS) as [keyof UserPatch, string][]) {
      const v = patch[k];
      if (v === undefined) continue;
      sets.push(`${col} = ?`);
      params.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    params.push(id);
    const { changes } = await this.db.run(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`, params);
    return changes ? this.getUser(id) : undefined;
  }

  async deleteUser(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM users WHERE id = ?', [id])).changes > 0;
  }

  async createApiKey(k: ApiKeyRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO api_keys (id, tenant, name, scopes, secret_hash, created_by, created_at, expires_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [k.id, k.tenant, k.name, k.scopes.join(','), k.secretHash, k.createdBy, k.createdAt, k.expiresAt, k.revokedAt, k.lastUsedAt],
    );
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const [r] = await this.db.query<Row>('SELECT * FROM api_keys WHERE id = ?', [id]);
    return r ? toKey(r) : undefined;
  }

  async listApiKeys(tenant: string): Promise<ApiKeyRecord[]> {
    return (await this.db.query<Row>('SELECT * FROM api_keys WHERE tenant = ? ORDER BY created_at, id', [tenant])).map(toKey);
  }

  async revokeApiKey(id: string, at: number): Promise<boolean> {
    return (await this.db.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])).changes > 0;
  }

  async touchApiKey(id: string, at: number): Promise<void> {
    await this.db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, id]);
  }

  async appendAudit(a: NewAuditRecord): Promise<number> {
    const rows = await this.db.query<Row>(
      'INSERT INTO audit (tenant, at, actor, actor_kind, action, target_type, target_id, source_ip, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq',
      [a.tenant, a.at, a.actor, a.actorKind, a.action, a.targetType, a.targetId, a.sourceIp, json(a.before), json(a.after)],
    );
    return num(rows[0]?.['seq']);
  }

  async queryAudit(q: AuditQuery): Promise<AuditRecord[]> {
    const where = ['tenant = ?'];
    const params: SqlValue[] = [q.tenant];
    const add = (cond: string, v: SqlValue | undefined): void => {
      if (v === undefined) return;
      where.push(cond);
      params.push(v);
    };
    add('at >= ?', q.since);
    add('at <= ?', q.until);
    add('actor = ?', q.actor);
    add('action = ?', q.action);
    add('target_type = ?', q.targetType);
    add('seq < ?', q.beforeSeq);
    params.push(q.limit);
    return (await this.db.query<Row>(`SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`, params)).map(toAudit);
  }

  async revokeToken(jti: string, expiresAt: number): Promise<void> {
    await this.db.run('INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING', [jti, expiresAt]);
  }

  async isTokenRevoked(jti: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 AS x FROM revoked_tokens WHERE jti = ?', [jti])).length > 0;
  }

  async pruneRevokedTokens(now: number): Promise<number> {
    return (await this.db.run('DELETE FROM revoked_tokens WHERE expires_at < ?', [now])).changes;
  }

  async getSetting(tenant: string, key: string): Promise<string | undefined> {
    const [r] = await this.db.query<Row>('SELECT value FROM settings WHERE tenant = ? AND key = ?', [tenant, key]);
    return r ? String(r['value']) : undefined;
  }

  async setSetting(tenant: string, key: string, value: string, at: number): Promise<void> {
    await this.db.run(
      'INSERT INTO settings (tenant, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      [tenant, key, value, at],
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
