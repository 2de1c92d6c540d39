/** Snappy block format (remote write's body encoding; the framed format is not allowed) via snappyjs. */
import { createRequire } from 'node:module';
import { ptrError } from '../../errors/index.js';

interface SnappyJs {
  uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  compress(data: Uint8Array): Uint8Array;
}

const snappy = createRequire(import.meta.url)('snappyjs') as SnappyJs;

export function snappyDecode(body: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return snappy.uncompress(body, maxBytes);
  } catch (err) {
    const msg = (err as Error).message;
    if (/too big/.test(msg)) throw ptrError('PTR_ERR_PAYLOAD_TOO_LARGE', `remote write body: ${msg}`);
    throw ptrError('PTR_ERR_DECODE', `remote write body is not snappy block-compressed: ${msg}`);
  }
}

export function snappyEncode(data: Uint8Array): Uint8Array {
  return snappy.compress(data);
}
