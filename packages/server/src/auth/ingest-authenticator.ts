/**
 * The ingest role's IngestAuthenticator (ingest/auth.ts) backed by GatewayAuth: API keys with
 * the `ingest` scope (or users/tokens with telemetry:ingest) name the tenant, the ingest rate
 * budgets apply per key and per address. Without a credential, only loopback clients are let in
 * (tenant `default`), and only while auth.anonymousLoopbackIngest is true, so that `pointer up`
 * plus an OpenTelemetry SDK on the same machine works out of the box.
 */
import { asPtrError } from '../errors/index.js';
import { DEFAULT_TENANT, isLoopback, type IngestAuthenticator, type IngestAuthResult, type IngestCredentials } from '../ingest/auth.js';
import type { GatewayAuth } from './gateway-auth.js';

export class GatewayIngestAuthenticator implements IngestAuthenticator {
  constructor(
    private readonly auth: GatewayAuth,
    private readonly anonymousLoopback: boolean,
  ) {}

  async authenticate(c: IngestCredentials): Promise<IngestAuthResult> {
    if (c.credential === undefined && this.anonymousLoopback && isLoopback(c.remoteAddress)) return { ok: true, tenant: DEFAULT_TENANT };
    try {
      const headers = c.tenantHeader === undefined ? {} : { 'x-pointer-tenant': c.tenantHeader };
      const p = await this.auth.authorize(headers, c.remoteAddress ?? 'unknown', 'telemetry:ingest', c.credential);
      return { ok: true, tenant: p.tenant };
    } catch (err) {
      this.auth.onReject((err as { code?: string }).code ?? 'PTR_ERR_INTERNAL');
      return { ok: false, error: asPtrError(err) };
    }
  }
}
