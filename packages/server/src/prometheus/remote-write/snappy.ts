/**
 * Snappy block format (remote write's body encoding; the framed format is not allowed). Encoding
 * via snappyjs; decoding here: copies go four bytes at a time, and the route decodes every body
 * into one reused buffer (SnappyScratch), where snappyjs took 4 ns per output byte and a zeroed
 * buffer per request. Stricter than snappyjs where the format is: output that does not end at its
 * declared length, or a copy past it, is corrupt (as the reference implementation says).
 */
import { createRequire } from 'node:module';
import { ptrError } from '../../errors/index.js';

interface SnappyJs {
  compress(data: Uint8Array): Uint8Array;
}

const snappy = createRequire(import.meta.url)('snappyjs') as SnappyJs;

/** Room past the output's end for the four-byte copies' overshoot. */
const SLACK = 8;
/** A scratch buffer larger than this is not kept between requests. */
const SCRATCH_KEEP = 8 * 1024 * 1024;

/**
 * One output buffer reused by successive decodes: what snappyDecode returns with it is valid
 * until the next decode with the same scratch (the route decodes each body synchronously).
 */
export class SnappyScratch {
  buf: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(this.buf.buffer);

  take(bytes: number): [Uint8Array, DataView] {
    if (bytes > SCRATCH_KEEP) return fresh(bytes);
    if (bytes > this.buf.length) [this.buf, this.view] = fresh(Math.max(bytes, 2 * this.buf.length, 64 * 1024));
    return [this.buf, this.view];
  }
}

function fresh(bytes: number): [Uint8Array, DataView] {
  const buf = new Uint8Array(bytes);
  return [buf, new DataView(buf.buffer)];
}

const corrupt = (): Error => ptrError('PTR_ERR_DECODE', 'remote write body is not snappy block-compressed: Invalid Snappy bitstream');

export function snappyDecode(body: Uint8Array, maxBytes: number, scratch?: SnappyScratch): Uint8Array {
  const n = body.length;
  let pos = 0;
  let len = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= n || shift > 28) throw corrupt();
    const c = body[pos++]!;
    len += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) break;
  }
  // as snappyjs read it: a 32-bit signed length, so 2^31 and more is not a length
  if (len > 0x7fffffff) throw corrupt();
  if (len > maxBytes) throw ptrError('PTR_ERR_PAYLOAD_TOO_LARGE', `remote write body: The uncompressed length of ${len} is too big, expect at most ${maxBytes}`);
  const [out, ov] = scratch ? scratch.take(len + SLACK) : fresh(len + SLACK);
  const iv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let op = 0;
  while (pos < n) {
    const c = body[pos++]!;
    const kind = c & 3;
    if (kind === 0) {
      // literal: length in the tag, or in the 1-4 bytes after it
      let l = (c >>> 2) + 1;
      if (l > 60) {
        const extra = l - 60;
        if (pos + extra > n) throw corrupt();
        l = body[pos]!;
        if (extra > 1) l += body[pos + 1]! * 0x100;
        if (extra > 2) l += body[pos + 2]! * 0x10000;
        if (extra > 3) l += body[pos + 3]! * 0x1000000;
        l += 1;
        pos += extra;
      }
      if (pos + l > n || op + l > len) throw corrupt();
      if (pos + l + 4 <= n) {
        // four bytes at a time, overshooting into the slack (later output overwrites it)
        for (let i = 0; i < l; i += 4) ov.setUint32(op + i, iv.getUint32(pos + i));
      } else for (let i = 0; i < l; i++) out[op + i] = body[pos + i]!;
      pos += l;
      op += l;
    } else {
      // copy of earlier output: length and offset in the tag and 1, 2 or 4 bytes
      let l: number;
      let off: number;
      if (kind === 1) {
        if (pos >= n) throw corrupt();
        l = ((c >>> 2) & 7) + 4;
        off = ((c >>> 5) << 8) | body[pos]!;
        pos += 1;
      } else if (kind === 2) {
        if (pos + 2 > n) throw corrupt();
        l = (c >>> 2) + 1;
        off = body[pos]! | (body[pos + 1]! << 8);
        pos += 2;
      } else {
        if (pos + 4 > n) throw corrupt();
        l = (c >>> 2) + 1;
        off = (body[pos]! | (body[pos + 1]! << 8) | (body[pos + 2]! << 16)) + body[pos + 3]! * 0x1000000;
        pos += 4;
      }
      if (off === 0 || off > op || op + l > len) throw corrupt();
      let s = op - off;
      const end = op + l;
      // with an offset of 4 or more, every four bytes read were written before (a repeating
      // pattern included); shorter offsets repeat one to three bytes and go byte by byte
      if (off >= 4) {
        for (; op < end; op += 4, s += 4) ov.setUint32(op, ov.getUint32(s));
        op = end;
      } else for (; op < end; op++, s++) out[op] = out[s]!;
    }
  }
  if (op !== len) throw corrupt();
  return out.subarray(0, len);
}

export function snappyEncode(data: Uint8Array): Uint8Array {
  return snappy.compress(data);
}
