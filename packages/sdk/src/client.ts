/**
 * The typed client for Pointer's gateway. It uses the platform's fetch (and WebSocket for the
 * live tail), so it runs in Node 20 and in browsers alike; a CI job needs only a URL and a token.
 * Every non-2xx answer becomes a PointerApiError with the server's code.
 */
import { AuditApi, AuthApi, KeysApi, UsersApi } from './api/admin.js';
import { LogsApi, MetricsApi, ServicesApi, TracesApi } from './api/telemetry.js';
import { PointerApiError } from './errors.js';
import { Transport, type Query } from './http.js';
import { tail, type TailIterator, type TailOptions } from './tail.js';
import type { ReadyResponse, ServerStatus } from './types.js';

export interface PointerClientOptions {
  /** Gateway base URL, e.g. http://127.0.0.1:9080 */
  url: string;
  /** Session token (from login), API key, or the admin token. */
  token?: string | undefined;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Attempts for idempotent requests (default 3). */
  maxAttempts?: number;
  /** The tenant to act in: honoured for the admin token only (keys and users carry their own). */
  tenant?: string | undefined;
  fetch?: typeof fetch;
}

export class PointerClient {
  readonly auth: AuthApi;
  readonly users: UsersApi;
  readonly keys: KeysApi;
  readonly audit: AuditApi;
  readonly metrics: MetricsApi;
  readonly traces: TracesApi;
  readonly logs: LogsApi;
  readonly services: ServicesApi;
  private readonly t: Transport;

  constructor(options: PointerClientOptions) {
    this.t = new Transport(options);
    this.auth = new AuthApi(this.t);
    this.users = new UsersApi(this.t);
    this.keys = new KeysApi(this.t);
    this.audit = new AuditApi(this.t);
    this.metrics = new MetricsApi(this.t);
    this.traces = new TracesApi(this.t);
    this.logs = new LogsApi(this.t);
    this.services = new ServicesApi(this.t);
  }

  get url(): string {
    return this.t.base;
  }

  /** The credential in use (after login, the session token). */
  get token(): string | undefined {
    return this.t.token;
  }

  /** GET /healthz: the process is alive. */
  async health(): Promise<{ status: string }> {
    return this.t.json('GET', '/healthz', { auth: false });
  }

  /** GET /readyz: readiness per module; resolves for 503 too (it is an answer, not an error). */
  async ready(): Promise<ReadyResponse & { httpStatus: number }> {
    const res = await this.t.send('GET', '/readyz', { auth: false, idempotent: false });
    const body = (await res.json()) as ReadyResponse;
    return { ...body, httpStatus: res.status };
  }

  /** GET /api/v1/status: version, roles, listeners and readiness. */
  async status(): Promise<ServerStatus> {
    return this.t.json('GET', '/api/v1/status');
  }

  /** The gateway's OpenAPI document. */
  async openApi(): Promise<Record<string, unknown>> {
    return this.t.json('GET', '/api/v1/openapi.json', { auth: false });
  }

  /** A GraphQL query or mutation (POST /graphql); GraphQL errors become a PointerApiError. */
  async graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await this.t.json<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>('POST', '/graphql', { body: { query, variables } });
    if (r.errors?.length) {
      const first = r.errors[0]!;
      throw new PointerApiError(r.errors.map((e) => e.message).join('; '), first.extensions?.code ?? 'PTR_ERR_QUERY', 200, false);
    }
    return r.data as T;
  }

  /** Live tail of spans or logs as an async iterator; break out of the loop (or abort) to stop. */
  tail(options: TailOptions): TailIterator {
    return tail(this.t.base, this.t.token, options);
  }

  /** Any gateway route, for APIs this SDK does not wrap yet. */
  request<T>(method: string, path: string, init: { body?: unknown; query?: Query; auth?: boolean; idempotent?: boolean } = {}): Promise<T> {
    return this.t.json(method, path, init);
  }
}
