/** Records as the API shows them: no hashes, times in RFC 3339. */
import type { Principal } from '../auth/index.js';
import type { ApiKeyRecord, AuditRecord, UserRecord } from '../store/relational/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export function userToView(u: UserRecord) {
  return { id: u.id, tenant: u.tenant, username: u.username, role: u.role, disabled: u.disabled, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt) };
}

export function keyToView(k: ApiKeyRecord) {
  return {
    id: k.id,
    tenant: k.tenant,
    name: k.name,
    scopes: k.scopes,
    createdBy: k.createdBy,
    createdAt: iso(k.createdAt),
    expiresAt: isoOrNull(k.expiresAt),
    revokedAt: isoOrNull(k.revokedAt),
    lastUsedAt: isoOrNull(k.lastUsedAt),
  };
}

export function auditToView(a: AuditRecord) {
  return { ...a, at: iso(a.at) };
}

export function principalToView(p: Principal) {
  return { kind: p.kind, tenant: p.tenant, subject: p.subject, name: p.name, role: p.role, scopes: p.scopes ? [...p.scopes] : null, permissions: [...p.permissions].sort() };
}

export function actorOf(p: Principal) {
  return { tenant: p.tenant, subject: p.subject, name: p.name, kind: p.kind };
}
