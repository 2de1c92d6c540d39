/**
 * The one place where the Prometheus API decides whose data a request reads or writes: the
 * tenant of the authenticated principal (GatewayAuth: API keys carry their tenant; the admin
 * token may name one with `x-pointer-tenant`, default `default`).
 */
import type { FastifyRequest } from 'fastify';
import { DEFAULT_TENANT } from '../auth/index.js';

export function requestTenant(req: FastifyRequest): string {
  return req.principal?.tenant ?? DEFAULT_TENANT;
}
