import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, permissionsOfScopes, ROLE_PERMISSIONS } from './permissions.js';

describe('permission matrix', () => {
  it('orders roles: viewer ⊂ editor, viewer ⊂ approver, admin has everything', () => {
    for (const p of ROLE_PERMISSIONS.viewer) {
      expect(ROLE_PERMISSIONS.editor.has(p)).toBe(true);
      expect(ROLE_PERMISSIONS.approver.has(p)).toBe(true);
    }
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...ALL_PERMISSIONS].sort());
    expect(ROLE_PERMISSIONS.editor.has('healing:approve')).toBe(false);
    expect(ROLE_PERMISSIONS.approver.has('config:write')).toBe(false);
    expect(ROLE_PERMISSIONS.viewer.has('keys:manage')).toBe(false);
  });

  it('maps key scopes to permissions', () => {
    expect([...permissionsOfScopes(['ingest'])]).toEqual(['telemetry:ingest']);
    expect(permissionsOfScopes(['read']).has('telemetry:ingest')).toBe(false);
    expect(permissionsOfScopes(['read', 'ingest']).has('telemetry:read')).toBe(true);
    expect(permissionsOfScopes(['admin']).has('keys:manage')).toBe(true);
  });
});
