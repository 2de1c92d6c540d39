/** Who is calling: the result of authentication, attached to every request as `request.principal`. */
import type { ApiKeyScope, Role } from '../store/relational/index.js';
import type { Permission } from './permissions.js';

export type PrincipalKind = 'user' | 'api-key' | 'admin-token' | 'external-jwt';

export interface Principal {
  kind: PrincipalKind;
  /** The tenant every read and write of this request is scoped to. */
  tenant: string;
  /** Stable id: user id, API key id, `admin-token`, or the external token's `sub`. */
  subject: string;
  /** What people read in the audit trail: user name, key name. */
  name: string;
  /** Set for users, the admin token and external tokens. */
  role: Role | null;
  /** Set for API keys. */
  scopes: readonly ApiKeyScope[] | null;
  permissions: ReadonlySet<Permission>;
  /** JWT id and expiry (ms), for logout. */
  tokenId?: string;
  tokenExpiresAt?: number;
}

export const DEFAULT_TENANT = 'default';
/** Tenant ids: what may appear in a header, a key or a token. */
export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
