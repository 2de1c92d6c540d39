/** /api/v1/keys: API keys of the caller's tenant (permission keys:manage). The key is shown once. */
import { z } from 'zod';
import { ptrError } from '../../errors/index.js';
import { generateApiKey } from '../../auth/index.js';
import { parseDuration } from '../../config/index.js';
import type { ApiKeyRecord } from '../../store/relational/index.js';
import type { GatewayContext } from '../context.js';
import { apiKeyView, idParam, scope } from '../schemas.js';
import { keyToView } from '../views.js';

export function keyRoutes(g: GatewayContext): void {
  g.group('/keys', (add) => {
    add({
      method: 'GET',
      url: '',
      permission: 'keys:manage',
      tag: 'keys',
      summary: 'List the API keys of your tenant (never their secrets).',
      query: z.strictObject({ includeRevoked: z.enum(['true', 'false']).default('false').describe('Include revoked keys.') }),
      response: z.object({ keys: z.array(apiKeyView) }),
      async handler({ principal, query }) {
        const all = await g.store.listApiKeys(principal.tenant);
        return { keys: all.filter((k) => query.includeRevoked === 'true' || k.revokedAt === null).map(keyToView) };
      },
    });
    add({
      method: 'POST',
      url: '',
      permission: 'keys:manage',
      tag: 'keys',
      status: 201,
      summary: 'Create an API key bound to your tenant. The response holds the key; it is shown only this once.',
      body: z.strictObject({
        name: z.string().min(1).max(128),
        scopes: z.array(scope).min(1).max(4),
        expiresIn: z
          .string()
          .regex(/^\d+(m|h|d|w|y)$/, 'expected a duration such as 90d')
          .optional()
          .describe('Lifetime, e.g. 90d; no expiry if absent.'),
      }),
      response: apiKeyView.extend({ key: z.string().describe('The full key; store it now, it cannot be shown again.') }),
      async handler({ body, principal, req }) {
        const now = Date.now();
        const g2 = generateApiKey();
        const rec: ApiKeyRecord = {
          id: g2.id,
          tenant: principal.tenant,
          name: body.name,
          scopes: [...new Set(body.scopes)],
          secretHash: g2.secretHash,
          createdBy: principal.name,
          createdAt: now,
          expiresAt: body.expiresIn ? now + parseDuration(body.expiresIn) : null,
          revokedAt: null,
          lastUsedAt: null,
        };
        await g.store.createApiKey(rec);
        const view = keyToView(rec);
        await g.audit.record({ actor: g.actor(principal), action: 'key.create', targetType: 'api-key', targetId: rec.id, sourceIp: req.ip, after: view });
        return { ...view, key: g2.key };
      },
    });
    add({
      method: 'DELETE',
      url: '/:id',
      permission: 'keys:manage',
      tag: 'keys',
      summary: 'Revoke an API key of your tenant; it stops working at once on this gateway, within auth.cacheTtlMs on others.',
      params: idParam,
      response: apiKeyView,
      async handler({ params, principal, req }) {
        const before = await g.store.getApiKey(params.id);
        if (!before || before.tenant !== principal.tenant) throw ptrError('PTR_ERR_NOT_FOUND', `API key ${params.id} not found`);
        const now = Date.now();
        await g.store.revokeApiKey(params.id, now);
        g.auth.deps.authenticator.forgetKey(params.id);
        const after = (await g.store.getApiKey(params.id)) ?? { ...before, revokedAt: now };
        await g.audit.record({ actor: g.actor(principal), action: 'key.revoke', targetType: 'api-key', targetId: params.id, sourceIp: req.ip, before: keyToView(before), after: keyToView(after) });
        return keyToView(after);
      },
    });
  });
}
