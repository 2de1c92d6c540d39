/** @pointer/sdk: the typed client for Pointer's gateway APIs. */
export { PointerClient, type PointerClientOptions } from './client.js';
export { PointerApiError, PointerConnectionError } from './errors.js';
export type { ReadyResponse, ServerStatus, ModuleReadiness } from './types.js';
