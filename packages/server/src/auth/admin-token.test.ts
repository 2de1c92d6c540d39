import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdminToken } from './admin-token.js';

describe('admin token', () => {
  it('stores nothing until persist(); an unpersisted token is replaced by a fresh one on the next load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptr-admin-'));
    const file = join(dir, 'auth', 'admin-token.json');
    const first = loadAdminToken(dir, undefined);
    expect(first.source).toBe('generated');
    expect(first.generatedToken).toMatch(/^ptr_admin_[A-Za-z0-9_-]{32}$/);
    expect(first.verify(first.generatedToken!)).toBe(true);
    expect(existsSync(file)).toBe(false);

    const second = loadAdminToken(dir, undefined);
    expect(second.source).toBe('generated');
    expect(second.generatedToken).not.toBe(first.generatedToken);
    second.persist();
    second.persist(); // idempotent
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const third = loadAdminToken(dir, undefined);
    expect(third.source).toBe('stored');
    expect(third.generatedToken).toBeUndefined();
    expect(third.verify(second.generatedToken!)).toBe(true);
    expect(third.verify(first.generatedToken!)).toBe(false);
  });

  it('a configured token is used as is and never stored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptr-admin-'));
    const v = loadAdminToken(dir, 'configured-secret-value');
    v.persist();
    expect(v.source).toBe('config');
    expect(v.verify('configured-secret-value')).toBe(true);
    expect(v.verify('configured-secret-valuf')).toBe(false);
    expect(existsSync(join(dir, 'auth', 'admin-token.json'))).toBe(false);
  });
});
