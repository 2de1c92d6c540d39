export interface ModuleReadiness {
  module: string;
  ready: boolean;
  reason?: string;
}

export interface ReadyResponse {
  status: 'ready' | 'not ready';
  modules: ModuleReadiness[];
}

export interface ServerStatus {
  version: string;
  roles: string[];
  listeners: Record<string, string>;
  dataDir: string;
  modules: ModuleReadiness[];
}

export type Role = 'viewer' | 'editor' | 'approver' | 'admin';
export type ApiKeyScope = 'ingest' | 'read' | 'write' | 'admin';

export interface PrincipalView {
  kind: 'user' | 'api-key' | 'admin-token' | 'external-jwt';
  tenant: string;
  subject: string;
  name: string;
  role: Role | null;
  scopes: ApiKeyScope[] | null;
  permissions: string[];
}

export interface LoginResponse {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  principal: PrincipalView;
}

export interface User {
  id: string;
  tenant: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  tenant: string;
  name: string;
  scopes: ApiKeyScope[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedApiKey extends ApiKey {
  /** The full key: shown only once. */
  key: string;
}

export interface AuditRecord {
  seq: number;
  tenant: string;
  at: string;
  actor: string;
  actorKind: string;
  action: string;
  targetType: string;
  targetId: string;
  sourceIp: string;
  before: unknown;
  after: unknown;
}

/** Prometheus query results. */
export type PromSample = [number, string];
export interface PromVectorItem {
  metric: Record<string, string>;
  value: PromSample;
}
export interface PromMatrixItem {
  metric: Record<string, string>;
  values: PromSample[];
}
export type PromQueryData =
  | { resultType: 'vector'; result: PromVectorItem[] }
  | { resultType: 'matrix'; result: PromMatrixItem[] }
  | { resultType: 'scalar'; result: PromSample }
  | { resultType: 'string'; result: PromSample };

/** Tempo search results. */
export interface TraceSearchHit {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano?: string;
  durationMs?: number;
  /** Matched spans: their name and, in `attributes`, the attributes the TraceQL conditions name and `select()` asks for. */
  spanSets?: { spans: { spanID: string; name?: string; startTimeUnixNano?: string; durationNanos?: string; attributes?: { key: string; value: Record<string, unknown> }[] }[]; matched?: number }[];
}

/** Loki streams. */
export interface LogStream {
  stream: Record<string, string>;
  values: [string, string, Record<string, string>?][];
}
export type LogQueryData = { resultType: 'streams'; result: LogStream[] } | { resultType: 'matrix'; result: PromMatrixItem[] } | { resultType: 'vector'; result: PromVectorItem[] };

/** Live tail. */
export interface TailFilters {
  /** service.name equals. */
  service?: string;
  /** Logs: minimum severity, as OTLP severity number (1-24) or text (debug, info, warn, error, fatal). Spans: `error` keeps only spans with status error. */
  severity?: string | number;
  /** Attribute equality, e.g. { 'http.route': '/checkout' } (span, log or resource attributes). */
  attributes?: Record<string, string>;
  /** Case-insensitive substring of the span name or the log body. */
  text?: string;
  /** Hex trace id. */
  traceId?: string;
}

export interface TailSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  durationNanos: string;
  statusCode: number;
  statusMessage: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface TailLog {
  timeUnixNano: string;
  severityNumber: number;
  severityText: string;
  service: string;
  body: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export type TailEvent = { type: 'span'; span: TailSpan } | { type: 'log'; log: TailLog } | { type: 'missed'; count: number };
