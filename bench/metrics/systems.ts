/** The three systems under test, each started fresh with its own data dir, and /proc readings of them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface Running {
  name: string;
  pid: number;
  writeUrl: string;
  /** Base of /api/v1/query_range. */
  queryBase: string;
  headers: Record<string, string>;
  /** Extra query parameters (VictoriaMetrics: nocache=1, so repeated queries are not served from its result cache). */
  queryExtra: Record<string, string>;
  dataDir: string;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function waitHttp(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function stopper(p: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (p.exitCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
      setTimeout(() => p.kill('SIGKILL'), 20_000).unref();
    });
}

/** nodeArgs: extra flags for the server's node process (e.g. --cpu-prof). */
export async function startPointer(root: string, dir: string, nodeArgs: readonly string[] = []): Promise<Running> {
  const port = await freePort();
  const token = 'bench-admin-token-0123456789abcdef';
  const p = spawn(process.execPath, [...nodeArgs, join(root, 'bench/metrics/pointer-server.mjs'), dir, `127.0.0.1:${port}`, token], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  await waitHttp(`http://127.0.0.1:${port}/healthz`);
  return {
    name: 'Pointer',
    pid: p.pid!,
    writeUrl: `http://127.0.0.1:${port}/prometheus/api/v1/write`,
    queryBase: `http://127.0.0.1:${port}/prometheus`,
    headers: { authorization: `Bearer ${token}` },
    queryExtra: {},
    dataDir: dir,
    // Acknowledged samples sit in the WAL until their background insert; any read waits for them
    // (the read barrier), so one cheap read makes the measured CPU include every insert.
    settle: async () => {
      const r = await fetch(`http://127.0.0.1:${port}/prometheus/api/v1/labels`, { headers: { authorization: `Bearer ${token}` } });
      if (r.status !== 200) throw new Error(`Pointer settle read failed: ${r.status} ${await r.text()}`);
    },
    stop: stopper(p),
  };
}

export async function startPrometheus(bin: string, dir: string): Promise<Running> {
  const port = await freePort();
  const cfg = join(dir, 'prometheus.yml');
  execFileSync('mkdir', ['-p', join(dir, 'data')]);
  execFileSync('sh', ['-c', `printf 'global:\\n  scrape_interval: 1h\\n' > '${cfg}'`]);
  const p = spawn(bin, [`--config.file=${cfg}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver', '--storage.tsdb.retention.time=100y'], { stdio: 'ignore' });
  await waitHttp(`http://127.0.0.1:${port}/-/ready`);
  return {
    name: 'Prometheus 2.42',
    pid: p.pid!,
    writeUrl: `http://127.0.0.1:${port}/api/v1/write`,
    queryBase: `http://127.0.0.1:${port}`,
    headers: {},
    queryExtra: {},
    dataDir: join(dir, 'data'),
    settle: async () => undefined,
    stop: stopper(p),
  };
}

export async function startVictoriaMetrics(bin: string, dir: string): Promise<Running> {
  const port = await freePort();
  const p = spawn(bin, [`-storageDataPath=${dir}`, `-httpListenAddr=127.0.0.1:${port}`, '-retentionPeriod=100y', '-search.latencyOffset=0s', '-loggerLevel=ERROR'], { stdio: 'ignore' });
  await waitHttp(`http://127.0.0.1:${port}/health`);
  const base = `http://127.0.0.1:${port}`;
  return {
    name: 'VictoriaMetrics',
    pid: p.pid!,
    writeUrl: `${base}/api/v1/write`,
    queryBase: base,
    headers: {},
    queryExtra: { nocache: '1' },
    dataDir: dir,
    settle: async () => {
      await fetch(`${base}/internal/force_flush`);
    },
    stop: stopper(p),
  };
}

/**
 * POSTs one snappy remote-write body as Prometheus' sender does, retrying a retryable refusal
 * (429, 5xx) up to `attempts` times, `delayMs` apart; returns the retries it took.
 */
export async function sendRemoteWrite(sys: Running, body: Uint8Array, attempts: number, delayMs: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(sys.writeUrl, {
      method: 'POST',
      headers: { ...sys.headers, 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
      body: body as Uint8Array<ArrayBuffer>,
    });
    const text = await res.text();
    if (res.ok) return attempt;
    if ((res.status === 429 || res.status >= 500) && attempt < attempts) {
      await new Promise((r) => setTimeout(r, delayMs));
      continue;
    }
    throw new Error(`${sys.name} refused a write: ${res.status} ${text.slice(0, 300)}`);
  }
}

/** utime + stime of a process and all its threads, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function memory(pid: number): { rssMiB: number; peakMiB: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

export function diskBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
}
