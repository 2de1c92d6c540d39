/** @pointer/sdk: the typed client for Pointer's gateway APIs. */
export { PointerClient, type PointerClientOptions } from './client.js';
export { PointerApiError, PointerConnectionError, isPointerError } from './errors.js';
export type { TailOptions, TailIterator } from './tail.js';
export type { AuditFilter } from './api/admin.js';
export type { TraceSearchOptions, TraceListOptions, TraceListItem, LogSearchOptions, LogSearchItem } from './api/telemetry.js';
export type {
  ReadyResponse,
  ServerStatus,
  ModuleReadiness,
  Role,
  ApiKeyScope,
  PrincipalView,
  LoginResponse,
  User,
  ApiKey,
  CreatedApiKey,
  AuditRecord,
  PromQueryData,
  PromSample,
  PromVectorItem,
  PromMatrixItem,
  TraceSearchHit,
  LogStream,
  LogQueryData,
  TailFilters,
  TailSpan,
  TailLog,
  TailEvent,
} from './types.js';
