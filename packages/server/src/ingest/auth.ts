/**
 * Who is sending: an IngestAuthenticator turns the credential of a request into a tenant, or
 * rejects it. Today: the admin token (tenant from `x-pointer-tenant`, default `default`), and
 * unauthenticated requests from loopback go to `default`. API keys plug in later by providing
 * another authenticator under INGEST_AUTHENTICATOR (the ingest role looks it up per request).
 */
import { ptrError, type PtrError } from '../errors/index.js';
import type { AdminTokenVerifier } from '../auth/index.js';
import { ServiceKey } from '../runtime/services.js';

export interface IngestCredentials {
  /** From `Authorization: Bearer`, basic auth's password, or `x-pointer-key`. */
  credential: string | undefined;
  /** The `x-pointer-tenant` header, if any. */
  tenantHeader: string | undefined;
  /** The peer's IP address. */
  remoteAddress: string | undefined;
}

export type IngestAuthResult = { ok: true; tenant: string } | { ok: false; error: PtrError };

export interface IngestAuthenticator {
  authenticate(c: IngestCredentials): IngestAuthResult | Promise<IngestAuthResult>;
}

/** An authenticator that replaces the built-in one (the gateway's API keys). */
export const INGEST_AUTHENTICATOR = new ServiceKey<IngestAuthenticator>('ingest.authenticator');

export const DEFAULT_TENANT = 'default';
const TENANT_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || a.startsWith('127.');
}

export function validTenant(t: string | undefined): t is string {
  return t !== undefined && TENANT_RE.test(t);
}

export class DefaultIngestAuthenticator implements IngestAuthenticator {
  constructor(private readonly admin: AdminTokenVerifier) {}

  authenticate(c: IngestCredentials): IngestAuthResult {
    if (c.credential !== undefined) {
      if (!this.admin.verify(c.credential)) return { ok: false, error: ptrError('PTR_ERR_UNAUTHENTICATED', 'invalid ingest credential') };
      const tenant = c.tenantHeader ?? DEFAULT_TENANT;
      if (!validTenant(tenant)) return { ok: false, error: ptrError('PTR_ERR_VALIDATION', 'x-pointer-tenant: expected 1-64 characters of [A-Za-z0-9._-]') };
      return { ok: true, tenant };
    }
    if (isLoopback(c.remoteAddress)) return { ok: true, tenant: DEFAULT_TENANT };
    return { ok: false, error: ptrError('PTR_ERR_UNAUTHENTICATED', 'missing ingest credential: send Authorization: Bearer <key> or x-pointer-key (only loopback may send without one)') };
  }
}
