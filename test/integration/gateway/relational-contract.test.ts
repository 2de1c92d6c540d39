/**
 * The relational store's contract, run against both implementations: SQLite in a temp data dir
 * and PostgreSQL from POINTER_TEST_PG_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRelationalStore, type RelationalStore, type UserRecord, type ApiKeyRecord } from '@pointer/server';
import { freshPgSchema } from './env.js';

type Target = { name: string; open: () => Promise<{ store: RelationalStore; reopen: () => Promise<RelationalStore>; cleanup: () => Promise<void> }> };

const targets: Target[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ptr-rel-'));
      const file = join(dir, 'pointer.sqlite');
      return { store: await openRelationalStore({ backend: 'sqlite', file }), reopen: () => openRelationalStore({ backend: 'sqlite', file }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const s = await freshPgSchema();
      return { store: await openRelationalStore({ backend: 'postgres', url: s.url }), reopen: () => openRelationalStore({ backend: 'postgres', url: s.url }), cleanup: s.drop };
    },
  },
];

const user = (over: Partial<UserRecord> = {}): UserRecord => ({
  id: 'u1',
  tenant: 'acme',
  username: 'alice',
  passwordHash: '$argon2id$fake',
  role: 'viewer',
  disabled: false,
  tokensValidAfter: 0,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  ...over,
});

const key = (over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: 'k1',
  tenant: 'acme',
  name: 'ci',
  scopes: ['read', 'ingest'],
  secretHash: 'ab'.repeat(32),
  createdBy: 'alice',
  createdAt: 1_700_000_000_000,
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  ...over,
});

describe.each(targets)('relational store contract: $name', (target) => {
  let store: RelationalStore;
  let reopen: () => Promise<RelationalStore>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, reopen, cleanup } = await target.open());
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('migrates idempotently (a second open applies nothing and keeps data)', async () => {
    await store.setSetting('t', 'k', 'v', 1);
    const again = await reopen();
    expect(await again.getSetting('t', 'k')).toBe('v');
    await again.close();
  });

  it('creates, finds, updates and deletes users; names are unique', async () => {
    await store.createUser(user());
    await store.createUser(user({ id: 'u2', username: 'bob', tenant: 'other', role: 'admin' }));
    expect(await store.getUser('u1')).toEqual(user());
    expect((await store.getUserByName('bob'))?.tenant).toBe('other');
    expect((await store.listUsers('acme')).map((u) => u.username)).toEqual(['alice']);
    await expect(store.createUser(user({ id: 'u3' }))).rejects.toMatchObject({ code: 'PTR_ERR_CONFLICT' });
    const updated = await store.updateUser('u1', { role: 'editor', disabled: true, tokensValidAfter: 42 }, 1_800_000_000_000);
    expect(updated).toMatchObject({ role: 'editor', disabled: true, tokensValidAfter: 42, updatedAt: 1_800_000_000_000 });
    expect(await store.updateUser('missing', { role: 'admin' }, 1)).toBeUndefined();
    expect(await store.deleteUser('u2')).toBe(true);
    expect(await store.deleteUser('u2')).toBe(false);
    expect(await store.getUser('u2')).toBeUndefined();
  });

  it('stores API keys per tenant; revocation is once', async () => {
    await store.createApiKey(key());
    await store.createApiKey(key({ id: 'k2', tenant: 'other', scopes: ['admin'] }));
    expect(await store.getApiKey('k1')).toEqual(key());
    expect((await store.listApiKeys('acme')).map((k) => k.id)).toEqual(['k1']);
    expect(await store.revokeApiKey('k1', 5)).toBe(true);
    expect(await store.revokeApiKey('k1', 6)).toBe(false);
    await store.touchApiKey('k1', 7);
    expect(await store.getApiKey('k1')).toMatchObject({ revokedAt: 5, lastUsedAt: 7 });
  });

  it('appends audit records and queries them per tenant, newest first, with filters and paging', async () => {
    const base = { tenant: 'acme', actor: 'alice (u1)', actorKind: 'user', targetType: 'user', sourceIp: '127.0.0.1' };
    const s1 = await store.appendAudit({ ...base, at: 100, action: 'user.create', targetId: 'u9', before: undefined, after: { role: 'viewer' } });
    const s2 = await store.appendAudit({ ...base, at: 200, action: 'user.update', targetId: 'u9', before: { role: 'viewer' }, after: { role: 'admin' } });
    await store.appendAudit({ ...base, tenant: 'other', at: 150, action: 'user.create', targetId: 'x', before: undefined, after: undefined });
    expect(s2).toBeGreaterThan(s1);
    const all = await store.queryAudit({ tenant: 'acme', limit: 10 });
    expect(all.map((a) => a.action)).toEqual(['user.update', 'user.create']);
    expect(all[0]).toMatchObject({ before: { role: 'viewer' }, after: { role: 'admin' }, at: 200 });
    expect(all[1]!.before).toBeNull();
    expect((await store.queryAudit({ tenant: 'acme', limit: 10, action: 'user.create' })).length).toBe(1);
    expect((await store.queryAudit({ tenant: 'acme', limit: 10, since: 150 })).map((a) => a.at)).toEqual([200]);
    expect((await store.queryAudit({ tenant: 'acme', limit: 1 })).length).toBe(1);
    expect((await store.queryAudit({ tenant: 'acme', limit: 10, beforeSeq: s2 })).map((a) => a.seq)).toEqual([s1]);
  });

  it('remembers revoked tokens until they expire', async () => {
    await store.revokeToken('j1', 1000);
    await store.revokeToken('j1', 1000);
    await store.revokeToken('j2', 3000);
    expect(await store.isTokenRevoked('j1')).toBe(true);
    expect(await store.isTokenRevoked('nope')).toBe(false);
    expect(await store.pruneRevokedTokens(2000)).toBe(1);
    expect(await store.isTokenRevoked('j1')).toBe(false);
    expect(await store.isTokenRevoked('j2')).toBe(true);
  });

  it('upserts settings per tenant', async () => {
    await store.setSetting('a', 'x', '1', 1);
    await store.setSetting('a', 'x', '2', 2);
    await store.setSetting('b', 'x', '3', 3);
    expect(await store.getSetting('a', 'x')).toBe('2');
    expect(await store.getSetting('b', 'x')).toBe('3');
    expect(await store.getSetting('c', 'x')).toBeUndefined();
  });
});
