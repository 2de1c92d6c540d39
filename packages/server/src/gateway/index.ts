export { GatewayContext, API_PREFIX, type AddRoute, type StatusBody } from './context.js';
export { RouteBook, type RouteSpec, type RecordedRoute, type HttpMethod } from './route-book.js';
export { buildOpenApi } from './openapi.js';
