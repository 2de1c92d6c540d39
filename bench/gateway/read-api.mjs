// Gateway read-API throughput and latency with the auth and rate-limit layers on.
// Starts `pointer up` (the built CLI) in a child process with a fresh data dir, creates an API key
// (scope read) and a user session, then drives authenticated GETs with autocannon.
// Usage: node bench/gateway/read-api.mjs [--duration 10] [--connections 32]
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startPointerUp } from '../support/pointer-up.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const duration = arg('duration', 10);
const connections = arg('connections', 32);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'ptr-bench-gw-'));
const cfg = join(dir, 'pointer.json');
// Limits stay on (every request takes tokens from two buckets) but sized above what the bench sends.
const big = { perKey: { ratePerSecond: 1_000_000, burst: 1_000_000 }, perAddress: { ratePerSecond: 1_000_000, burst: 1_000_000 } };
writeFileSync(cfg, JSON.stringify({ dataDir: join(dir, 'data'), gateway: { addr: '127.0.0.1:0' }, otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' }, ai: { addr: '127.0.0.1:0' }, auth: { adminToken: ADMIN }, rateLimits: { enabled: true, query: big }, log: { level: 'warn' } }));

const { child, url } = await startPointerUp(cfg);

const call = async (method, path, token, body) => {
  const r = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
const key = (await call('POST', '/api/v1/keys', ADMIN, { name: 'bench', scopes: ['read', 'admin'] })).key;
await call('POST', '/api/v1/users', ADMIN, { username: 'bench', password: 'bench-password-123', role: 'admin' });
const jwt = (await (await fetch(url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }) })).json()).token;

const cpuSeconds = () => {
  // utime + stime of the server process, in clock ticks (100 Hz on Linux).
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

const scenarios = [
  { name: 'GET /api/v1/auth/me (API key)', path: '/api/v1/auth/me', token: key },
  { name: 'GET /api/v1/keys (API key, relational store read)', path: '/api/v1/keys', token: key },
  { name: 'GET /api/v1/users (session JWT, relational store read)', path: '/api/v1/users', token: jwt },
];
const results = [];
for (const s of scenarios) {
  await autocannon({ url: url + s.path, connections, duration: 2, headers: { authorization: `Bearer ${s.token}` } }); // warm-up
  const c0 = cpuSeconds();
  const r = await autocannon({ url: url + s.path, connections, duration, headers: { authorization: `Bearer ${s.token}` } });
  const cpu = cpuSeconds() - c0;
  const ok = r['2xx'];
  results.push({
    scenario: s.name,
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    serverCpuSeconds: Number(cpu.toFixed(2)),
    serverCpuSecondsPerMillionRequests: ok ? Number(((cpu / ok) * 1e6).toFixed(1)) : null,
  });
}
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
rmSync(dir, { recursive: true, force: true });
const report = { command: `node bench/gateway/read-api.mjs --duration ${duration} --connections ${connections}`, machine: `${cpus().length} cores, ${cpus()[0]?.model ?? ''}`, node: process.version, results };
console.log(JSON.stringify(report, null, 2));
