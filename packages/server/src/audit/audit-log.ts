/**
 * The audit trail: every mutation (who, what, when, from where, before/after) is appended to
 * the relational store before the API answers, so an acknowledged change is always audited.
 * Secret material (password hashes, key hashes, tokens) is removed from before/after.
 */
import type { AuditQuery, AuditRecord, RelationalStore } from '../store/relational/index.js';

export interface AuditActor {
  tenant: string;
  subject: string;
  name: string;
  kind: string;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string;
  sourceIp: string;
  before?: unknown;
  after?: unknown;
  /** Defaults to the actor's tenant. */
  tenant?: string;
}

const SECRET_FIELDS = /^(passwordHash|secretHash|password|secret|token|key)$/;

export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!SECRET_FIELDS.test(k)) out[k] = withoutSecrets(v);
    return out;
  }
  return value;
}

export class AuditLog {
  constructor(
    private readonly store: RelationalStore,
    private readonly now: () => number = Date.now,
  ) {}

  async record(e: AuditEntry): Promise<number> {
    return this.store.appendAudit({
      tenant: e.tenant ?? e.actor.tenant,
      at: this.now(),
      actor: e.actor.name === e.actor.subject ? e.actor.subject : `${e.actor.name} (${e.actor.subject})`,
      actorKind: e.actor.kind,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      sourceIp: e.sourceIp,
      before: e.before === undefined ? undefined : withoutSecrets(e.before),
      after: e.after === undefined ? undefined : withoutSecrets(e.after),
    });
  }

  query(q: AuditQuery): Promise<AuditRecord[]> {
    return this.store.queryAudit(q);
  }
}
