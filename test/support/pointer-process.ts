/**
 * Runs the built `pointer` binary as a child process on free ports, the way a user runs it,
 * for end-to-end tests of the CLI and the server's process behaviour.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';

export const POINTER_BIN = fileURLToPath(new URL('../../packages/cli/bin/run.js', import.meta.url));

export interface PointerProcess {
  child: ChildProcess;
  gatewayUrl: string;
  env: Record<string, string>;
  dataDir: string;
  output(): string;
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<string>;
}

export async function pointerEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pointer-e2e-'));
  return {
    POINTER_DATA_DIR: dataDir,
    POINTER_OTLP_GRPC_ADDR: `127.0.0.1:${await freePort()}`,
    POINTER_OTLP_HTTP_ADDR: `127.0.0.1:${await freePort()}`,
    POINTER_GATEWAY_ADDR: `127.0.0.1:${await freePort()}`,
    POINTER_AI_ADDR: `127.0.0.1:${await freePort()}`,
    ...extra,
  };
}

export function runPointer(args: string[], env: Record<string, string>, cwd = tmpdir()): PointerProcess {
  const child = spawn(process.execPath, [POINTER_BIN, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    env,
    dataDir: env['POINTER_DATA_DIR'] ?? '',
    gatewayUrl: `http://${env['POINTER_GATEWAY_ADDR'] ?? '127.0.0.1:9080'}`,
    output: () => out,
    waitForExit: (timeoutMs = 30_000) =>
      Promise.race([exited, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`pointer did not exit within ${timeoutMs} ms; output:\n${out}`)), timeoutMs).unref())]),
    waitForOutput: (re, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output matching ${re} within ${timeoutMs} ms; output:\n${out}`)), timeoutMs);
        const check = (): void => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          } else waiters.push(check);
        };
        check();
        void exited.then(() => {
          if (!re.test(out)) {
            clearTimeout(timer);
            reject(new Error(`pointer exited before printing ${re}; output:\n${out}`));
          }
        });
      }),
  };
}

export async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}/readyz not 200 within ${timeoutMs} ms: ${last}`);
}
