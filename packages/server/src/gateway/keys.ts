import { ServiceKey } from '../runtime/services.js';
import type { RouteBook } from './route-book.js';

/** The gateway's RouteBook: other roles may declare their REST routes through it to appear in OpenAPI. */
export const ROUTE_BOOK = new ServiceKey<RouteBook>('gateway.routeBook');
