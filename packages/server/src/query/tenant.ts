/**
 * The one place where a query request gets its tenant. Authentication and authorization are
 * the gateway's (GatewayAuth.require('telemetry:read'): Bearer, Basic with the key or token as
 * password as Grafana sends it, or x-pointer-key; the admin token may pick a tenant with
 * `x-pointer-tenant`, default `default`). Queries read only the principal's tenant.
 */
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { GatewayAuth } from '../auth/index.js';
import { ptrError } from '../errors/index.js';

export function readAccess(auth: GatewayAuth): onRequestAsyncHookHandler {
  return auth.require('telemetry:read');
}

export function ingestAccess(auth: GatewayAuth): onRequestAsyncHookHandler {
  return auth.require('telemetry:ingest');
}

export function tenantOf(req: FastifyRequest): string {
  const tenant = req.principal?.tenant;
  if (!tenant) throw ptrError('PTR_ERR_UNAUTHENTICATED', 'this route needs a credential');
  return tenant;
}
