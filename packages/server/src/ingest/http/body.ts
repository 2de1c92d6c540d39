/**
 * Reads a request body with a size limit applied after decompression. Compressed bodies are
 * inflated as a stream and the inflater is destroyed as soon as the output passes the limit,
 * so a small "zip bomb" never grows into memory. Truncated or corrupt compressed data is a
 * PTR_ERR_DECODE naming the encoding.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { ptrError, type PtrError } from '../../errors/index.js';

export type BodyEncoding = 'identity' | 'gzip' | 'deflate';

export function parseContentEncoding(header: string | undefined): BodyEncoding | undefined {
  const v = (header ?? '').trim().toLowerCase();
  if (v === '' || v === 'identity') return 'identity';
  if (v === 'gzip' || v === 'x-gzip') return 'gzip';
  if (v === 'deflate') return 'deflate';
  return undefined;
}

function tooLarge(limit: number): PtrError {
  return ptrError('PTR_ERR_PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes after decompression (otlp.maxRequestBytes)`);
}

export function readBody(req: IncomingMessage, encoding: BodyEncoding, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const inflater: Gunzip | Inflate | undefined = encoding === 'identity' ? undefined : encoding === 'gzip' ? createGunzip() : createInflate();
    const fail = (err: PtrError): void => {
      if (settled) return;
      settled = true;
      inflater?.destroy();
      // stop reading the rest of an oversized or broken body; the reply closes the connection
      req.unpipe();
      req.resume();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit));
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    req.on('error', () => fail(ptrError('PTR_ERR_BAD_REQUEST', 'the request body was aborted')));
    req.on('aborted', () => fail(ptrError('PTR_ERR_BAD_REQUEST', 'the request body was aborted')));
    if (!inflater) {
      req.on('data', onData);
      req.on('end', onEnd);
      return;
    }
    inflater.on('data', onData);
    inflater.on('end', onEnd);
    inflater.on('error', (err: NodeJS.ErrnoException) => fail(ptrError('PTR_ERR_DECODE', `${encoding} body cannot be decompressed: ${err.message}`)));
    req.pipe(inflater);
  });
}
