/** What the query route groups share: stores, auth, limits, and the Fastify instance. */
import type { FastifyInstance } from 'fastify';
import type { GatewayAuth } from '../auth/index.js';
import type { Bus } from '../bus/bus.js';
import type { LogStore } from '../store/logs/log-store.js';
import type { TraceStore } from '../store/traces/trace-store.js';
import type { QueryLimits } from './params.js';

export interface QueryContext {
  app: FastifyInstance;
  auth: GatewayAuth;
  traces: TraceStore;
  logs: LogStore;
  /** Where Loki push hands log records (durable once publish resolves). */
  bus: Bus;
  limits: QueryLimits;
}
