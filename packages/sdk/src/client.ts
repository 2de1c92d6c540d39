/**
 * The typed client for Pointer's gateway. It uses the platform's fetch, so it runs in Node 20
 * and in browsers alike. Every non-2xx answer becomes a PointerApiError with the server's code.
 */
import { PointerApiError, PointerConnectionError } from './errors.js';
import type { ReadyResponse, ServerStatus } from './types.js';

export interface PointerClientOptions {
  /** Gateway base URL, e.g. http://127.0.0.1:9080 */
  url: string;
  /** Admin token or API key. */
  token?: string;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class PointerClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PointerClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** GET /healthz: the process is alive. */
  async health(): Promise<{ status: string }> {
    return this.request('GET', '/healthz', { auth: false });
  }

  /** GET /readyz: readiness per module; resolves for 503 too (it is an answer, not an error). */
  async ready(): Promise<ReadyResponse & { httpStatus: number }> {
    const res = await this.raw('GET', '/readyz', { auth: false });
    const body = (await res.json()) as ReadyResponse;
    return { ...body, httpStatus: res.status };
  }

  /** GET /api/v1/status: version, roles, listeners and readiness. */
  async status(): Promise<ServerStatus> {
    return this.request('GET', '/api/v1/status');
  }

  async request<T>(method: string, path: string, init: { body?: unknown; auth?: boolean; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
    const res = await this.raw(method, path, init);
    const text = await res.text();
    const body: unknown = text ? safeJson(text) : undefined;
    if (!res.ok) throw toApiError(res.status, body, text);
    return body as T;
  }

  private async raw(method: string, path: string, init: { body?: unknown; auth?: boolean; query?: Record<string, string | number | undefined> }): Promise<Response> {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.auth !== false && this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetchImpl(url, {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new PointerConnectionError(`cannot reach Pointer at ${this.base}: ${(err as Error).message}`, { cause: err });
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown, text: string): PointerApiError {
  const e = (body as { error?: { code?: string; message?: string; retryable?: boolean; details?: Record<string, unknown> } } | undefined)?.error;
  if (e && typeof e.code === 'string') return new PointerApiError(e.message ?? text, e.code, status, e.retryable ?? false, e.details);
  return new PointerApiError(text || `HTTP ${status}`, 'PTR_ERR_HTTP', status, status >= 500 || status === 429);
}
