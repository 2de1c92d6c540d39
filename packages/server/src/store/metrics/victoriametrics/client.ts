/**
 * A small HTTP client for VictoriaMetrics' Prometheus-compatible API. Every read carries
 * `extra_label=<tenantLabel>=<tenant>`, which VictoriaMetrics adds as a filter to every series
 * selector of the request: a tenant cannot read another tenant's series whatever it queries.
 */
import { ptrError } from '../../../errors/index.js';

export interface VmClientOptions {
  url: string;
  tenantLabel: string;
  /** Per request; default 2 minutes. */
  timeoutMs?: number;
}

export class VmClient {
  private readonly base: string;

  constructor(readonly options: VmClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  private signalFor(signal?: AbortSignal): AbortSignal {
    const t = AbortSignal.timeout(this.options.timeoutMs ?? 120_000);
    return signal ? AbortSignal.any([signal, t]) : t;
  }

  /** POSTs a form to a read endpoint scoped to `tenant`; returns the parsed `data` of the envelope. */
  async read<T>(path: string, tenant: string, params: [string, string][], signal?: AbortSignal): Promise<T> {
    const form = new URLSearchParams(params);
    form.append('extra_label', `${this.options.tenantLabel}=${tenant}`);
    const res = await this.fetch(path, { method: 'POST', body: form, signal: this.signalFor(signal) });
    const text = await res.text();
    let body: { status?: string; data?: T; error?: string; errorType?: string };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw ptrError('PTR_ERR_UNAVAILABLE', `VictoriaMetrics ${path} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
    }
    if (res.status >= 400 || body.status !== 'success') {
      const msg = `VictoriaMetrics: ${body.error ?? text.slice(0, 200)}`;
      if (res.status === 422 || body.errorType === 'execution') throw ptrError('PTR_ERR_QUERY_LIMIT', msg, { details: { promErrorType: 'execution' } });
      if (res.status === 503 && body.errorType === 'timeout') throw ptrError('PTR_ERR_QUERY_TIMEOUT', msg);
      if (res.status >= 400 && res.status < 500) throw ptrError('PTR_ERR_QUERY', msg);
      throw ptrError('PTR_ERR_UNAVAILABLE', msg);
    }
    return body.data as T;
  }

  /** Raw samples as JSON lines from /api/v1/export. */
  async exportLines(tenant: string, params: [string, string][], signal?: AbortSignal): Promise<string> {
    const form = new URLSearchParams(params);
    form.append('extra_label', `${this.options.tenantLabel}=${tenant}`);
    const res = await this.fetch('/api/v1/export', { method: 'POST', body: form, signal: this.signalFor(signal) });
    const text = await res.text();
    if (res.status !== 200) throw ptrError(res.status < 500 ? 'PTR_ERR_QUERY' : 'PTR_ERR_UNAVAILABLE', `VictoriaMetrics /api/v1/export: ${text.slice(0, 300)}`);
    return text;
  }

  /** Remote write (snappy-compressed WriteRequest). */
  async write(body: Uint8Array): Promise<void> {
    const res = await this.fetch('/api/v1/write', {
      method: 'POST',
      body: body as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
      signal: this.signalFor(),
    });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 429 || res.status >= 500) throw ptrError('PTR_ERR_UNAVAILABLE', `VictoriaMetrics remote write answered ${res.status}: ${text.slice(0, 200)}`, { retryAfterSeconds: 1 });
    throw ptrError('PTR_ERR_VALIDATION', `VictoriaMetrics refused the write (${res.status}): ${text.slice(0, 200)}`);
  }

  async forceFlush(): Promise<void> {
    const res = await this.fetch('/internal/force_flush', { method: 'GET', signal: this.signalFor() });
    await res.text();
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(this.base + path, init);
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError') throw ptrError('PTR_ERR_QUERY_TIMEOUT', `VictoriaMetrics ${path} did not answer in time`);
      if (e.name === 'AbortError') throw ptrError('PTR_ERR_QUERY_TIMEOUT', `VictoriaMetrics ${path}: request canceled`);
      throw ptrError('PTR_ERR_UNAVAILABLE', `VictoriaMetrics at ${this.base} is not reachable: ${e.message}`, { cause: err });
    }
  }
}
