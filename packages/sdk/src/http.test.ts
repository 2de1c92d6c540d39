import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PointerApiError, PointerConnectionError } from './errors.js';
import { Transport } from './http.js';

/** A real HTTP server answering from a script of (status, headers, body) per request. */
async function serve(script: { status: number; headers?: Record<string, string>; body: unknown }[]): Promise<{ url: string; hits: { method: string; url: string }[]; server: Server }> {
  const hits: { method: string; url: string }[] = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method!, url: req.url! });
    const step = script[Math.min(hits.length - 1, script.length - 1)]!;
    res.writeHead(step.status, { 'content-type': 'application/json', ...(step.headers ?? {}) });
    res.end(JSON.stringify(step.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const busy = { status: 503, headers: { 'retry-after': '0' }, body: { status: 'error', error: { code: 'PTR_ERR_OVERLOADED', message: 'full', retryable: true } } };

describe('Transport', () => {
  it('retries an idempotent GET on 503 and returns the later success', async () => {
    const s = await serve([busy, { status: 200, body: { ok: true } }]);
    servers.push(s.server);
    const t = new Transport({ url: s.url, backoffMs: 1 });
    await expect(t.json('GET', '/x')).resolves.toEqual({ ok: true });
    expect(s.hits).toHaveLength(2);
  });

  it('never retries a POST that is not idempotent, and carries the server code', async () => {
    const s = await serve([busy, { status: 200, body: {} }]);
    servers.push(s.server);
    const t = new Transport({ url: s.url, backoffMs: 1 });
    const err = await t.json('POST', '/keys', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PointerApiError);
    expect(err).toMatchObject({ code: 'PTR_ERR_OVERLOADED', status: 503, retryable: true });
    expect(s.hits).toHaveLength(1);
  });

  it('gives up after maxAttempts and honours Retry-After on 429', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': '1' }, body: { status: 'error', error: { code: 'PTR_ERR_RATE_LIMITED', message: 'slow down', retryable: true } } }]);
    servers.push(s.server);
    const t = new Transport({ url: s.url, maxAttempts: 2 });
    const t0 = Date.now();
    const err = await t.json('GET', '/x').catch((e: unknown) => e);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(err).toMatchObject({ code: 'PTR_ERR_RATE_LIMITED', retryAfterSeconds: 1 });
    expect(s.hits).toHaveLength(2);
  });

  it('maps Prometheus-style errors and unreachable servers', async () => {
    const s = await serve([{ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' } }]);
    servers.push(s.server);
    await expect(new Transport({ url: s.url }).json('GET', '/q')).rejects.toMatchObject({ code: 'PTR_ERR_QUERY', message: 'parse error at char 3' });
    const closed = await serve([]);
    closed.server.close();
    await new Promise((r) => setTimeout(r, 50));
    await expect(new Transport({ url: closed.url, maxAttempts: 1 }).json('GET', '/x')).rejects.toBeInstanceOf(PointerConnectionError);
  });
});
