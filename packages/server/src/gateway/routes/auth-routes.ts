/** /api/v1/auth: login (public, rate-limited), logout (revokes the token), me. */
import { z } from 'zod';
import { ptrError } from '../../errors/index.js';
import type { GatewayContext } from '../context.js';
import { principalToView } from '../views.js';
import { principalView } from '../schemas.js';

export function authRoutes(g: GatewayContext): void {
  g.group('/auth', (add) => {
    add({
      method: 'POST',
      url: '/login',
      permission: 'public',
      tag: 'auth',
      summary: 'Exchange a user name and password for a session token (JWT). Attempts are rate-limited per address and per user name.',
      body: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
      response: z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.string(), principal: principalView }),
      async handler({ body, req }) {
        const r = await g.auth.login(body.username, body.password, req.ip);
        return { token: r.token, tokenType: 'Bearer' as const, expiresAt: new Date(r.expiresAt).toISOString(), principal: principalToView(r.principal) };
      },
    });
    add({
      method: 'POST',
      url: '/logout',
      permission: 'status:read',
      tag: 'auth',
      summary: 'Revoke the session token of this request (JWTs only).',
      response: z.object({ revoked: z.boolean() }),
      async handler({ principal, req }) {
        if (!principal.tokenId || principal.tokenExpiresAt === undefined) throw ptrError('PTR_ERR_BAD_REQUEST', 'logout: only a session token (JWT) can be revoked; revoke API keys with DELETE /api/v1/keys/{id}');
        await g.store.revokeToken(principal.tokenId, principal.tokenExpiresAt);
        g.auth.deps.authenticator.markRevoked(principal.tokenId);
        await g.audit.record({ actor: g.actor(principal), action: 'auth.logout', targetType: 'session', targetId: principal.tokenId, sourceIp: req.ip });
        return { revoked: true };
      },
    });
    add({
      method: 'GET',
      url: '/me',
      permission: 'status:read',
      tag: 'auth',
      summary: 'Who am I: the principal of this credential, its tenant and permissions.',
      response: principalView,
      async handler({ principal }) {
        return principalToView(principal);
      },
    });
  });
}
