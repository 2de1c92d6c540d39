/** Human renderings of users, keys, audit records, principals and contexts (cli-table3). */
import Table from 'cli-table3';
import type { ApiKey, AuditRecord, CreatedApiKey, PrincipalView, User } from '@pointer/sdk';

export function renderPrincipal(p: PrincipalView): string {
  const what = p.scopes ? `scopes ${p.scopes.join(',')}` : `role ${p.role}`;
  return `${p.name} (${p.kind}, tenant ${p.tenant}, ${what})`;
}

export function renderUsers(users: User[]): string {
  const t = new Table({ head: ['id', 'username', 'role', 'disabled', 'created'] });
  for (const u of users) t.push([u.id, u.username, u.role, u.disabled ? 'yes' : 'no', u.createdAt]);
  return t.toString();
}

export function renderKeys(keys: ApiKey[]): string {
  const t = new Table({ head: ['id', 'name', 'scopes', 'created by', 'created', 'expires', 'last used', 'revoked'] });
  for (const k of keys) t.push([k.id, k.name, k.scopes.join(','), k.createdBy, k.createdAt, k.expiresAt ?? '-', k.lastUsedAt ?? '-', k.revokedAt ?? '-']);
  return t.toString();
}

export function renderCreatedKey(k: CreatedApiKey): string {
  return [`API key ${k.id} (${k.name}, scopes ${k.scopes.join(',')}, tenant ${k.tenant}) created.`, '', `  ${k.key}`, '', 'Store it now: it is shown only this once.'].join('\n');
}

export function renderAudit(records: AuditRecord[]): string {
  const t = new Table({ head: ['seq', 'at', 'actor', 'action', 'target', 'from'] });
  for (const r of records) t.push([r.seq, r.at, r.actor, r.action, `${r.targetType} ${r.targetId}`, r.sourceIp]);
  return t.toString();
}

export function renderContexts(cs: { name: string; current: boolean; url: string; principal: string | null; loggedIn: boolean }[]): string {
  if (cs.length === 0) return 'no contexts: run `pointer login`';
  const t = new Table({ head: ['', 'name', 'url', 'principal', 'logged in'] });
  for (const c of cs) t.push([c.current ? '*' : '', c.name, c.url, c.principal ?? '', c.loggedIn ? 'yes' : 'no']);
  return t.toString();
}
