/** /api/v1/users: users of the caller's tenant (permission users:manage). Every change is audited. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ptrError } from '../../errors/index.js';
import { hashPassword } from '../../auth/index.js';
import type { UserRecord } from '../../store/relational/index.js';
import type { GatewayContext } from '../context.js';
import { idParam, password, role, userView, username } from '../schemas.js';
import { userToView } from '../views.js';

export function userRoutes(g: GatewayContext): void {
  const inTenant = async (id: string, tenant: string): Promise<UserRecord> => {
    const u = await g.store.getUser(id);
    // Another tenant's user is reported as absent: its existence is not the caller's business.
    if (!u || u.tenant !== tenant) throw ptrError('PTR_ERR_NOT_FOUND', `user ${id} not found`);
    return u;
  };

  g.group('/users', (add) => {
    add({
      method: 'GET',
      url: '',
      permission: 'users:manage',
      tag: 'users',
      summary: 'List the users of your tenant.',
      response: z.object({ users: z.array(userView) }),
      async handler({ principal }) {
        return { users: (await g.store.listUsers(principal.tenant)).map(userToView) };
      },
    });
    add({
      method: 'POST',
      url: '',
      permission: 'users:manage',
      tag: 'users',
      status: 201,
      summary: 'Create a user in your tenant.',
      body: z.strictObject({ username, password, role: role.default('viewer') }),
      response: userView,
      async handler({ body, principal, req }) {
        const now = Date.now();
        const user: UserRecord = {
          id: randomUUID(),
          tenant: principal.tenant,
          username: body.username,
          passwordHash: await hashPassword(body.password),
          role: body.role,
          disabled: false,
          tokensValidAfter: 0,
          createdAt: now,
          updatedAt: now,
        };
        if (await g.store.getUserByName(body.username)) throw ptrError('PTR_ERR_CONFLICT', `username: a user named ${body.username} already exists`);
        await g.store.createUser(user);
        const view = userToView(user);
        await g.audit.record({ actor: g.actor(principal), action: 'user.create', targetType: 'user', targetId: user.id, sourceIp: req.ip, after: view });
        return view;
      },
    });
    add({
      method: 'GET',
      url: '/:id',
      permission: 'users:manage',
      tag: 'users',
      summary: 'Get one user of your tenant.',
      params: idParam,
      response: userView,
      async handler({ params, principal }) {
        return userToView(await inTenant(params.id, principal.tenant));
      },
    });
    add({
      method: 'PATCH',
      url: '/:id',
      permission: 'users:manage',
      tag: 'users',
      summary: 'Change a user: role, password, disabled. A new password or disabling ends the user\'s sessions.',
      params: idParam,
      body: z.strictObject({ role: role.optional(), password: password.optional(), disabled: z.boolean().optional() }),
      response: userView,
      async handler({ params, body, principal, req }) {
        const before = await inTenant(params.id, principal.tenant);
        const now = Date.now();
        const endSessions = body.password !== undefined || body.disabled === true;
        const after = await g.store.updateUser(
          params.id,
          {
            ...(body.role !== undefined ? { role: body.role } : {}),
            ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
            ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password) } : {}),
            ...(endSessions ? { tokensValidAfter: now } : {}),
          },
          now,
        );
        if (!after) throw ptrError('PTR_ERR_NOT_FOUND', `user ${params.id} not found`);
        g.auth.deps.authenticator.forgetUser(params.id);
        const view = userToView(after);
        await g.audit.record({
          actor: g.actor(principal),
          action: 'user.update',
          targetType: 'user',
          targetId: params.id,
          sourceIp: req.ip,
          before: userToView(before),
          after: { ...view, ...(body.password !== undefined ? { passwordChanged: true } : {}) },
        });
        return view;
      },
    });
    add({
      method: 'DELETE',
      url: '/:id',
      permission: 'users:manage',
      tag: 'users',
      summary: 'Delete a user of your tenant; its sessions end at once.',
      params: idParam,
      response: z.object({ deleted: z.boolean() }),
      async handler({ params, principal, req }) {
        const before = await inTenant(params.id, principal.tenant);
        await g.store.deleteUser(params.id);
        g.auth.deps.authenticator.forgetUser(params.id);
        await g.audit.record({ actor: g.actor(principal), action: 'user.delete', targetType: 'user', targetId: params.id, sourceIp: req.ip, before: userToView(before) });
        return { deleted: true };
      },
    });
  });
}
