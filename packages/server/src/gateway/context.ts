/** What the gateway's route groups share: auth, stores, audit, and the RouteBook. */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { GatewayAuth, Principal } from '../auth/index.js';
import type { AuditLog, AuditActor } from '../audit/index.js';
import type { RelationalStore } from '../store/relational/index.js';
import type { RouteBook, RouteSpec } from './route-book.js';

export const API_PREFIX = '/api/v1';

export type AddRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<P, Q, B, R>) => void;

export interface StatusBody {
  version: string;
  roles: string[];
  listeners: Record<string, string>;
  dataDir: string;
  modules: { module: string; ready: boolean; reason?: string }[];
}

export class GatewayContext {
  constructor(
    readonly app: FastifyInstance,
    readonly auth: GatewayAuth,
    readonly store: RelationalStore,
    readonly audit: AuditLog,
    readonly book: RouteBook,
    readonly status: () => StatusBody,
  ) {}

  /** Registers a route group as an encapsulated Fastify plugin under /api/v1<prefix>. */
  group(prefix: string, define: (add: AddRoute) => void): void {
    const full = API_PREFIX + prefix;
    void this.app.register(
      async (instance) => {
        define((spec) => this.book.add(instance, full, spec));
      },
      { prefix: full },
    );
  }

  actor(p: Principal): AuditActor {
    return { tenant: p.tenant, subject: p.subject, name: p.name, kind: p.kind };
  }
}
