export type { RelationalStore, UserRecord, ApiKeyRecord, ApiKeyScope, AuditRecord, NewAuditRecord, AuditQuery, Role, UserPatch } from './store.js';
export { openRelationalStore, relationalTarget, type RelationalTarget } from './open.js';
export { MIGRATIONS } from './migrations.js';
