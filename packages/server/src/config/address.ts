import { z } from 'zod';

const ADDRESS = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** A listen address `host:port` (IPv6 hosts in brackets: `[::1]:4317`). Port 0 picks a free port. */
export const listenAddress = z.string().check((ctx) => {
  const m = ADDRESS.exec(ctx.value);
  if (!m) ctx.issues.push({ code: 'custom', input: ctx.value, message: `expected host:port (e.g. 127.0.0.1:4317), got "${ctx.value}"` });
  else if (Number(m[2]) > 65535) ctx.issues.push({ code: 'custom', input: ctx.value, message: `port must be at most 65535, got ${m[2]}` });
});

export interface HostPort {
  host: string;
  port: number;
}

export function parseAddress(addr: string): HostPort {
  const i = addr.lastIndexOf(':');
  let host = addr.slice(0, i);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port: Number(addr.slice(i + 1)) };
}

/** True when a listener on this host only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
