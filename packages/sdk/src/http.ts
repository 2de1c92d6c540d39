/**
 * The transport under every SDK call: the platform's fetch (Node 20 and browsers), Pointer's
 * error body turned into PointerApiError, and retries with exponential backoff and jitter only
 * where a retry is safe: idempotent requests (GET, and calls the API marks idempotent), on
 * connection failures and on retryable answers (429, 503), honouring Retry-After.
 */
import { PointerApiError, PointerConnectionError } from './errors.js';

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Send the credential (default true). */
  auth?: boolean;
  /** Safe to repeat: GETs are, others only when the API says so. */
  idempotent?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface TransportOptions {
  url: string;
  token?: string | undefined;
  timeoutMs?: number;
  /** Attempts for idempotent requests (default 3). */
  maxAttempts?: number;
  /** First backoff in ms (default 200), doubled per attempt, capped at 5 s. */
  backoffMs?: number;
  fetch?: typeof fetch;
  /** x-pointer-tenant, honoured only for the admin token. */
  tenant?: string | undefined;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

export class Transport {
  readonly base: string;
  private readonly fetchImpl: typeof fetch;
  token: string | undefined;

  constructor(private readonly options: TransportOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.token = options.token;
  }

  async json<T>(method: string, path: string, init: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, init);
    const text = await res.text();
    const body: unknown = text ? safeJson(text) : undefined;
    if (!res.ok) throw toApiError(res, body, text);
    return body as T;
  }

  async text(method: string, path: string, init: RequestOptions = {}): Promise<{ status: number; body: string }> {
    const res = await this.send(method, path, init);
    return { status: res.status, body: await res.text() };
  }

  /** One request with the retry policy; non-2xx answers are returned, not thrown. */
  async send(method: string, path: string, init: RequestOptions = {}): Promise<Response> {
    const idempotent = init.idempotent ?? (method === 'GET' || method === 'HEAD');
    const attempts = idempotent ? Math.max(1, this.options.maxAttempts ?? 3) : 1;
    let lastErr: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.once(method, path, init);
        if (attempt < attempts && (res.status === 429 || res.status === 503)) {
          const after = Number(res.headers.get('retry-after'));
          await res.body?.cancel().catch(() => undefined);
          await sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 10_000) : this.backoff(attempt), init.signal);
          continue;
        }
        return res;
      } catch (err) {
        lastErr = err;
        if (!(err instanceof PointerConnectionError) || attempt >= attempts) throw err;
        await sleep(this.backoff(attempt), init.signal);
      }
    }
    throw lastErr;
  }

  url(path: string, query?: Query): URL {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.set(k, String(v));
    }
    return url;
  }

  private backoff(attempt: number): number {
    const base = Math.min(5000, (this.options.backoffMs ?? 200) * 2 ** (attempt - 1));
    return base / 2 + Math.random() * (base / 2);
  }

  private async once(method: string, path: string, init: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...(init.headers ?? {}) };
    if (init.auth !== false && this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (this.options.tenant) headers['x-pointer-tenant'] = this.options.tenant;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    try {
      return await this.fetchImpl(this.url(path, init.query), {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new PointerConnectionError(`cannot reach Pointer at ${this.base}: ${(err as Error).message}${(err as { cause?: { code?: string } }).cause?.code ? ` (${(err as { cause: { code: string } }).cause.code})` : ''}`, { cause: err });
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

/** Pointer's `{status:'error', error:{code,...}}`, or the Prometheus/Loki `{status:'error', errorType, error}`. */
export function toApiError(res: Response, body: unknown, text: string): PointerApiError {
  const retryAfter = Number(res.headers.get('retry-after'));
  const ra = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const b = body as { error?: unknown; errorType?: string } | undefined;
  const e = b?.error as { code?: string; message?: string; retryable?: boolean; details?: Record<string, unknown> } | string | undefined;
  if (e && typeof e === 'object' && typeof e.code === 'string') return new PointerApiError(e.message ?? text, e.code, res.status, e.retryable ?? false, e.details, ra);
  if (typeof e === 'string') return new PointerApiError(e, res.status === 429 ? 'PTR_ERR_RATE_LIMITED' : res.status >= 500 ? 'PTR_ERR_UNAVAILABLE' : 'PTR_ERR_QUERY', res.status, res.status >= 500 || res.status === 429, b?.errorType ? { errorType: b.errorType } : undefined, ra);
  return new PointerApiError(text || `HTTP ${res.status}`, 'PTR_ERR_HTTP', res.status, res.status >= 500 || res.status === 429, undefined, ra);
}
