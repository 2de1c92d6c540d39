/** /api/v1/audit: the audit trail of the caller's tenant, newest first (permission audit:read). */
import { z } from 'zod';
import type { GatewayContext } from '../context.js';
import { auditView } from '../schemas.js';
import { auditToView } from '../views.js';

const time = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an RFC 3339 time')
  .transform((s) => Date.parse(s));

export function auditRoutes(g: GatewayContext): void {
  g.group('/audit', (add) => {
    add({
      method: 'GET',
      url: '',
      permission: 'audit:read',
      tag: 'audit',
      summary: 'Query the audit trail: who changed what, when, from where, before and after.',
      query: z.strictObject({
        since: time.optional().describe('RFC 3339; records at or after.'),
        until: time.optional().describe('RFC 3339; records at or before.'),
        actor: z.string().max(200).optional(),
        action: z.string().max(100).optional().describe('e.g. user.create, key.revoke, auth.login'),
        targetType: z.string().max(100).optional(),
        before: z.coerce.number().int().positive().optional().describe('Page: records with seq below this.'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: z.object({ records: z.array(auditView), next: z.number().int().nullable().describe('Pass as `before` for the next page.') }),
      async handler({ query, principal }) {
        const records = await g.audit.query({
          tenant: principal.tenant,
          limit: query.limit,
          ...(query.since !== undefined ? { since: query.since } : {}),
          ...(query.until !== undefined ? { until: query.until } : {}),
          ...(query.actor !== undefined ? { actor: query.actor } : {}),
          ...(query.action !== undefined ? { action: query.action } : {}),
          ...(query.targetType !== undefined ? { targetType: query.targetType } : {}),
          ...(query.before !== undefined ? { beforeSeq: query.before } : {}),
        });
        const last = records[records.length - 1];
        return { records: records.map(auditToView), next: records.length === query.limit && last ? last.seq : null };
      },
    });
  });
}
