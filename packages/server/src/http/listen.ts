import type { FastifyInstance } from 'fastify';
import { ptrError } from '../errors/index.js';
import { parseAddress } from '../config/index.js';

/** Listens on `addr`, turning bind failures into coded errors that name the address. */
export async function listenOn(app: FastifyInstance, addr: string, what: string): Promise<string> {
  const { host, port } = parseAddress(addr);
  try {
    await app.listen({ host, port });
  } catch (err) {
    throw bindError(err, addr, what);
  }
  const a = app.server.address();
  return typeof a === 'object' && a ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : addr;
}

export function bindError(err: unknown, addr: string, what: string): Error {
  // gRPC's bind error carries the errno only in its message text.
  const text = err instanceof Error ? err.message : String(err);
  const code = (err as NodeJS.ErrnoException).code ?? /\b(EADDRINUSE|EACCES|EADDRNOTAVAIL)\b/.exec(text)?.[1];
  if (code === 'EADDRINUSE') return ptrError('PTR_ERR_PORT_IN_USE', `${what} cannot listen on ${addr}: the address is already in use`);
  if (code === 'EACCES') return ptrError('PTR_ERR_PORT_IN_USE', `${what} cannot listen on ${addr}: permission denied`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return ptrError('PTR_ERR_CONFIG_INVALID', `${what} cannot listen on ${addr}: the address is not available on this machine`);
  return ptrError('PTR_ERR_STARTUP', `${what} cannot listen on ${addr}: ${(err as Error).message}`);
}
