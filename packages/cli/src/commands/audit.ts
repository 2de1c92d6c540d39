import { Flags } from '@oclif/core';
import type { AuditRecord } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../client-command.js';
import { renderAudit } from '../render/admin.js';

export default class Audit extends ClientCommand {
  static override summary = 'Show the audit trail of your tenant, newest first (admins).';
  static override examples = ['<%= config.bin %> audit --limit 20', '<%= config.bin %> audit --action key.revoke --since 2026-01-01T00:00:00Z --json'];
  static override flags = {
    ...clientFlags,
    action: Flags.string({ description: 'Only this action (user.create, key.revoke, auth.login, ...).' }),
    actor: Flags.string({ description: 'Only this actor.' }),
    since: Flags.string({ description: 'RFC 3339 time.' }),
    limit: Flags.integer({ description: 'Records to show.', default: 50, min: 1, max: 1000 }),
  };

  async run(): Promise<{ records: AuditRecord[]; next: number | null }> {
    const { flags } = await this.parse(Audit);
    const r = await this.client(flags).audit.query({ action: flags.action, actor: flags.actor, since: flags.since, limit: flags.limit });
    this.print(renderAudit(r.records));
    return r;
  }
}
