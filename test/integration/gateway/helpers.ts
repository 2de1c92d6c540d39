/** Starts a real Pointer (in-process, ports 0, temp data dir) and makes authenticated calls to it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPointer, validateConfig, silentLogger, type PointerServer, type PointerConfigInput } from '@pointer/server';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const PASSWORD = 'correct horse battery staple';

export interface TestGateway {
  server: PointerServer;
  url: string;
  dataDir: string;
  call(method: string, path: string, opts?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

const generous = { perKey: { ratePerSecond: 100_000, burst: 100_000 }, perAddress: { ratePerSecond: 100_000, burst: 100_000 } };

export async function startGateway(over: PointerConfigInput = {}, roles: string[] = ['gateway']): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ptr-gw-'));
  const config = validateConfig({
    dataDir,
    server: { roles: roles as never },
    gateway: { addr: '127.0.0.1:0' },
    otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' },
    ai: { addr: '127.0.0.1:0' },
    auth: { adminToken: ADMIN_TOKEN },
    rateLimits: { ingest: generous, query: generous, login: { perAddress: { ratePerSecond: 1000, burst: 1000 }, perUsername: { ratePerSecond: 1000, burst: 1000 } } },
    ...over,
  });
  const server = await startPointer({ config, processMetrics: false, log: silentLogger });
  const url = `http://${server.listeners.get('gateway')}`;
  return {
    server,
    url,
    dataDir,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url + path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body, headers: res.headers };
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a user with `role` in `tenant` (via the admin token) and logs in; returns the token. */
export async function userToken(gw: TestGateway, username: string, role: string, tenant = 'default'): Promise<{ token: string; id: string }> {
  const created = await gw.call('POST', '/api/v1/users', { token: ADMIN_TOKEN, headers: { 'x-pointer-tenant': tenant }, body: { username, password: PASSWORD, role } });
  if (created.status !== 201) throw new Error(`cannot create user ${username}: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await gw.call('POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`cannot log in ${username}: ${login.status} ${JSON.stringify(login.body)}`);
  return { token: login.body.token, id: created.body.id };
}

export async function apiKey(gw: TestGateway, scopes: string[], tenant = 'default'): Promise<{ key: string; id: string }> {
  const r = await gw.call('POST', '/api/v1/keys', { token: ADMIN_TOKEN, headers: { 'x-pointer-tenant': tenant }, body: { name: `k-${scopes.join('-')}`, scopes } });
  if (r.status !== 201) throw new Error(`cannot create key: ${r.status} ${JSON.stringify(r.body)}`);
  return { key: r.body.key, id: r.body.id };
}
