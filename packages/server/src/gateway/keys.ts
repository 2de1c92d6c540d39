import { ServiceKey } from '../runtime/services.js';
import type { RouteBook } from './route-book.js';
import type { TailHub } from './tail/hub.js';

/** The gateway's RouteBook: other roles may declare their REST routes through it to appear in OpenAPI. */
export const ROUTE_BOOK = new ServiceKey<RouteBook>('gateway.routeBook');

/** The live-tail hub (GraphQL subscriptions use it too). */
export const TAIL_HUB = new ServiceKey<TailHub>('gateway.tailHub');
