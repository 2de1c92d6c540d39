/** zod schemas shared by the gateway's REST routes; the OpenAPI document is generated from them. */
import { z } from 'zod';
import { API_KEY_SCOPES, ROLES } from '../auth/index.js';

export const errorBody = z.object({
  status: z.literal('error'),
  error: z.object({ code: z.string().describe('PTR_ERR_* code (docs/errors.md)'), message: z.string(), retryable: z.boolean(), details: z.record(z.string(), z.unknown()).optional() }),
});

export const role = z.enum(ROLES);
export const scope = z.enum(API_KEY_SCOPES);
export const idParam = z.strictObject({ id: z.string().min(1).max(64).describe('Object id') });
const timestamp = z.string().describe('RFC 3339 time');

export const principalView = z.object({
  kind: z.enum(['user', 'api-key', 'admin-token', 'external-jwt']),
  tenant: z.string(),
  subject: z.string(),
  name: z.string(),
  role: role.nullable(),
  scopes: z.array(scope).nullable(),
  permissions: z.array(z.string()),
});

export const userView = z.object({
  id: z.string(),
  tenant: z.string(),
  username: z.string(),
  role,
  disabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const apiKeyView = z.object({
  id: z.string(),
  tenant: z.string(),
  name: z.string(),
  scopes: z.array(scope),
  createdBy: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});

export const auditView = z.object({
  seq: z.number().int(),
  tenant: z.string(),
  at: timestamp,
  actor: z.string(),
  actorKind: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  sourceIp: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits and . _ @ - only');
export const password = z.string().min(12, 'must be at least 12 characters').max(1024);
