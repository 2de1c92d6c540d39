/**
 * The foundation as a user meets it: `pointer up` on a fresh data dir, readiness, the admin
 * token printed once, self-metrics, graceful shutdown on SIGTERM, and clear one-line errors
 * (non-zero exit, no stack trace) for bad configuration.
 */
import { createServer } from 'node:net';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pointerEnv, runPointer, waitReady, type PointerProcess } from '../../support/pointer-process.js';

const started: PointerProcess[] = [];
afterAll(() => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

describe('pointer up', () => {
  it('starts every role, prints where it listens and the admin token once, and stops on SIGTERM', async () => {
    const env = await pointerEnv();
    const p = runPointer(['up'], env);
    started.push(p);
    await p.waitForOutput(/Pointer is up\./);
    await waitReady(p.gatewayUrl);
    const out = p.output();
    expect(out).toContain(env['POINTER_GATEWAY_ADDR']);
    expect(out).toContain(env['POINTER_DATA_DIR']);
    const token = /admin token \(shown once; only its hash is stored\): (\S+)/.exec(out)?.[1];
    expect(token).toMatch(/^ptr_admin_/);

    const ready = (await (await fetch(`${p.gatewayUrl}/readyz`)).json()) as { modules: { module: string; ready: boolean }[] };
    for (const role of ['ingest', 'processor', 'gateway', 'alerting', 'healing', 'topology', 'synthetics', 'ai']) {
      expect(ready.modules.find((m) => m.module === role)?.ready, role).toBe(true);
    }
    expect((await fetch(`${p.gatewayUrl}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${p.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/^# TYPE pointer_process_cpu_user_seconds_total counter$/m);

    const unauth = await fetch(`${p.gatewayUrl}/api/v1/status`);
    expect(unauth.status).toBe(401);
    expect(((await unauth.json()) as { error: { code: string } }).error.code).toBe('PTR_ERR_UNAUTHENTICATED');
    const status = await fetch(`${p.gatewayUrl}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);

    const t0 = Date.now();
    p.child.kill('SIGTERM');
    const exit = await p.waitForExit(15_000);
    expect(exit.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(12_000);
    expect(out).not.toMatch(/Error: |at .*\.js:\d+/);

    // Second start on the same data dir: the token is not printed again, and still works.
    const p2 = runPointer(['up'], env);
    started.push(p2);
    await p2.waitForOutput(/Pointer is up\./);
    expect(p2.output()).not.toContain(token);
    await waitReady(p2.gatewayUrl);
    expect((await fetch(`${p2.gatewayUrl}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    p2.child.kill('SIGINT');
    expect((await p2.waitForExit(15_000)).code).toBe(0);
  });

  it('validates and exits with --dry-run', async () => {
    const env = await pointerEnv();
    const p = runPointer(['up', '--dry-run'], env);
    expect((await p.waitForExit()).code).toBe(0);
    expect(p.output()).toContain('config is valid');
    const j = runPointer(['up', '--dry-run', '--json'], env);
    expect((await j.waitForExit()).code).toBe(0);
    const parsed = JSON.parse(j.output()) as { valid: boolean; modules: string[] };
    expect(parsed.valid).toBe(true);
    expect(parsed.modules).toContain('gateway');
  });

  it('rejects an unknown key with its path, exit 2, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointer-cfg-'));
    writeFileSync(join(dir, 'pointer.yaml'), 'gateway:\n  adr: 127.0.0.1:1\n');
    const p = runPointer(['up'], await pointerEnv(), dir);
    const exit = await p.waitForExit();
    expect(exit.code).toBe(2);
    expect(p.output()).toContain('error PTR_ERR_CONFIG_INVALID');
    expect(p.output()).toContain('unknown key "gateway.adr"');
    expect(p.output()).not.toMatch(/\n\s+at /);
  });

  it('rejects a wrong type, exit 2', async () => {
    const p = runPointer(['up', '--dry-run'], await pointerEnv({ POINTER_GATEWAY_ADDR: 'localhost' }));
    expect((await p.waitForExit()).code).toBe(2);
    expect(p.output()).toContain('gateway.addr: expected host:port');
  });

  it('names a port that is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const p = runPointer(['up'], await pointerEnv({ POINTER_GATEWAY_ADDR: `127.0.0.1:${port}` }));
      const exit = await p.waitForExit(60_000);
      expect(exit.code).not.toBe(0);
      expect(p.output()).toContain(`error PTR_ERR_PORT_IN_USE: gateway cannot listen on 127.0.0.1:${port}: the address is already in use`);
      expect(p.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('names an unwritable data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointer-ro-'));
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    chmodSync(file, 0o400);
    const p = runPointer(['up'], await pointerEnv({ POINTER_DATA_DIR: join(file, 'data') }));
    const exit = await p.waitForExit();
    expect(exit.code).not.toBe(0);
    expect(p.output()).toMatch(/error PTR_ERR_DATA_DIR: data dir .*not-a-dir\/data is not writable/);
  });

  it('names an unknown role for pointer server', async () => {
    const p = runPointer(['server', '--role', 'ingest,gatewya'], await pointerEnv());
    expect((await p.waitForExit()).code).toBe(2);
    expect(p.output()).toMatch(/error PTR_ERR_CONFIG_INVALID: invalid config: server.roles.1: .*ingest.*(got "gatewya")/);
  });
});
