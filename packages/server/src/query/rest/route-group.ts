/**
 * Registers a group of REST routes under /api/v1 through the gateway's RouteBook (the same
 * zod validation, permission check and OpenAPI record as every other /api/v1 route).
 */
import type { z } from 'zod';
import { RouteBook, type RouteSpec } from '../../gateway/route-book.js';
import type { QueryContext } from '../context.js';

export type AddRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<P, Q, B, R>) => void;

export function registerRestGroup(q: QueryContext, book: RouteBook | undefined, define: (add: AddRoute) => void): RouteBook {
  const b = book ?? new RouteBook(q.auth);
  void q.app.register(
    async (instance) => {
      define((spec) => b.add(instance, '/api/v1', spec));
    },
    { prefix: '/api/v1' },
  );
  return b;
}
