/**
 * The relational store: users, API keys, the audit trail, revoked tokens and settings.
 * SQLite in the data dir (embedded) or PostgreSQL (distributed); both are the same
 * `SqlRelationalStore` over a `SqlDriver`, and one contract test suite runs against both
 * (test/integration/gateway/relational-contract.test.ts).
 */
export type Role = 'viewer' | 'editor' | 'approver' | 'admin';
export type ApiKeyScope = 'ingest' | 'read' | 'write' | 'admin';

export interface UserRecord {
  id: string;
  tenant: string;
  username: string;
  /** PHC string of the memory-hard hash (argon2id); never leaves the server. */
  passwordHash: string;
  role: Role;
  disabled: boolean;
  /** Tokens issued before this instant (ms) are refused: logout-everywhere, password change. */
  tokensValidAfter: number;
  createdAt: number;
  updatedAt: number;
}

export interface ApiKeyRecord {
  id: string;
  tenant: string;
  name: string;
  scopes: ApiKeyScope[];
  /** SHA-256 of the secret part (the secret is 256 random bits, so a fast hash is enough). */
  secretHash: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface AuditRecord {
  seq: number;
  tenant: string;
  at: number;
  actor: string;
  actorKind: string;
  action: string;
  targetType: string;
  targetId: string;
  sourceIp: string;
  before: unknown;
  after: unknown;
}

export type NewAuditRecord = Omit<AuditRecord, 'seq'>;

export interface AuditQuery {
  tenant: string;
  since?: number;
  until?: number;
  actor?: string;
  action?: string;
  targetType?: string;
  /** Only records with seq below this (paging backwards, newest first). */
  beforeSeq?: number;
  limit: number;
}

export type UserPatch = Partial<Pick<UserRecord, 'passwordHash' | 'role' | 'disabled' | 'tokensValidAfter'>>;

export interface RelationalStore {
  readonly backend: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema; safe to call from several replicas at once. */
  migrate(): Promise<void>;

  createUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | undefined>;
  getUserByName(username: string): Promise<UserRecord | undefined>;
  listUsers(tenant: string): Promise<UserRecord[]>;
  updateUser(id: string, patch: UserPatch, updatedAt: number): Promise<UserRecord | undefined>;
  deleteUser(id: string): Promise<boolean>;

  createApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(tenant: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, at: number): Promise<boolean>;
  touchApiKey(id: string, at: number): Promise<void>;

  appendAudit(record: NewAuditRecord): Promise<number>;
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;

  revokeToken(jti: string, expiresAt: number): Promise<void>;
  isTokenRevoked(jti: string): Promise<boolean>;
  /** Forgets revocations of tokens that have expired anyway. */
  pruneRevokedTokens(now: number): Promise<number>;

  getSetting(tenant: string, key: string): Promise<string | undefined>;
  setSetting(tenant: string, key: string, value: string, at: number): Promise<void>;

  close(): Promise<void>;
}
