/** Auth, users, API keys and the audit trail (/api/v1/auth, /users, /keys, /audit). */
import type { Transport } from '../http.js';
import type { ApiKey, ApiKeyScope, AuditRecord, CreatedApiKey, LoginResponse, PrincipalView, Role, User } from '../types.js';

const enc = encodeURIComponent;

export class AuthApi {
  constructor(private readonly t: Transport) {}

  /** Logs in; the client uses the returned token from now on. */
  async login(username: string, password: string): Promise<LoginResponse> {
    const r = await this.t.json<LoginResponse>('POST', '/api/v1/auth/login', { body: { username, password }, auth: false });
    this.t.token = r.token;
    return r;
  }

  logout(): Promise<{ revoked: boolean }> {
    return this.t.json('POST', '/api/v1/auth/logout');
  }

  me(): Promise<PrincipalView> {
    return this.t.json('GET', '/api/v1/auth/me');
  }
}

export class UsersApi {
  constructor(private readonly t: Transport) {}

  async list(): Promise<User[]> {
    return (await this.t.json<{ users: User[] }>('GET', '/api/v1/users')).users;
  }
  get(id: string): Promise<User> {
    return this.t.json('GET', `/api/v1/users/${enc(id)}`);
  }
  create(input: { username: string; password: string; role?: Role }): Promise<User> {
    return this.t.json('POST', '/api/v1/users', { body: input });
  }
  update(id: string, patch: { role?: Role; password?: string; disabled?: boolean }): Promise<User> {
    return this.t.json('PATCH', `/api/v1/users/${enc(id)}`, { body: patch, idempotent: true });
  }
  delete(id: string): Promise<{ deleted: boolean }> {
    return this.t.json('DELETE', `/api/v1/users/${enc(id)}`);
  }
}

export class KeysApi {
  constructor(private readonly t: Transport) {}

  /** The returned `key` is shown once; store it now. */
  create(input: { name: string; scopes: ApiKeyScope[]; expiresIn?: string }): Promise<CreatedApiKey> {
    return this.t.json('POST', '/api/v1/keys', { body: input });
  }
  async list(options: { includeRevoked?: boolean } = {}): Promise<ApiKey[]> {
    return (await this.t.json<{ keys: ApiKey[] }>('GET', '/api/v1/keys', { query: { includeRevoked: options.includeRevoked ? 'true' : undefined } })).keys;
  }
  revoke(id: string): Promise<ApiKey> {
    return this.t.json('DELETE', `/api/v1/keys/${enc(id)}`, { idempotent: true });
  }
}

export interface AuditFilter {
  since?: Date | string;
  until?: Date | string;
  actor?: string;
  action?: string;
  targetType?: string;
  before?: number;
  limit?: number;
}

const time = (t: Date | string | undefined): string | undefined => (t instanceof Date ? t.toISOString() : t);

export class AuditApi {
  constructor(private readonly t: Transport) {}

  query(f: AuditFilter = {}): Promise<{ records: AuditRecord[]; next: number | null }> {
    return this.t.json('GET', '/api/v1/audit', {
      query: { since: time(f.since), until: time(f.until), actor: f.actor, action: f.action, targetType: f.targetType, before: f.before, limit: f.limit },
    });
  }
}
