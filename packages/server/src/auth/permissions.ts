/**
 * The permission matrix: the ONE place that decides what each role and each API-key scope may
 * do. docs/security.md shows this table; test/integration/gateway/authorization.test.ts runs
 * every route with every role and checks it against this file.
 */
import type { ApiKeyScope, Role } from '../store/relational/index.js';

export const ROLES = ['viewer', 'editor', 'approver', 'admin'] as const satisfies readonly Role[];
export const API_KEY_SCOPES = ['ingest', 'read', 'write', 'admin'] as const satisfies readonly ApiKeyScope[];

export const PERMISSIONS = {
  'telemetry:read': 'Query traces, logs, metrics, services and topology; live tail; the compatibility APIs.',
  'telemetry:ingest': 'Send telemetry (OTLP, native JSON ingest, remote write).',
  'config:write': 'Create and change rules, SLOs, checks, dashboards and settings.',
  'healing:approve': 'Approve or reject healing actions.',
  'status:read': 'Read server status and one\'s own identity.',
  'users:manage': 'Create, change and delete users of the tenant.',
  'keys:manage': 'Create, list and revoke API keys of the tenant.',
  'audit:read': 'Read the audit trail of the tenant.',
} as const;
export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

const VIEWER: Permission[] = ['telemetry:read', 'status:read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  editor: new Set<Permission>([...VIEWER, 'config:write', 'telemetry:ingest']),
  approver: new Set<Permission>([...VIEWER, 'healing:approve']),
  admin: new Set(ALL_PERMISSIONS),
};

export const SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScope, readonly Permission[]>> = {
  ingest: ['telemetry:ingest'],
  read: ['telemetry:read', 'status:read'],
  write: ['config:write', 'status:read'],
  admin: ALL_PERMISSIONS,
};

export function permissionsOfScopes(scopes: readonly ApiKeyScope[]): ReadonlySet<Permission> {
  return new Set(scopes.flatMap((s) => SCOPE_PERMISSIONS[s]));
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}
