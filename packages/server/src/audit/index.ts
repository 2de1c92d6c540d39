export { AuditLog, withoutSecrets, type AuditActor, type AuditEntry } from './audit-log.js';
