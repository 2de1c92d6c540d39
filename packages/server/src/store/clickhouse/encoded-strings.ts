/**
 * A batch's string table (model/string-table.ts: every distinct string of a batch once) encoded
 * for RowBinary / Native on first use: length prefix and UTF-8 bytes. Attribute keys, service and
 * span names, resource values repeat on every row; copying their bytes costs a fraction of
 * encoding the string again.
 *
 * Short strings are also kept across batches, in a process-wide cache (`EncodedStringCache`):
 * an SDK sends ~100-500 spans per request, and the same few hundred keys and values arrive in
 * every request. Encoding each batch's table afresh (a Buffer per string) was a third of the
 * encoder's cost at 100 spans per batch: the two builds run in one process on the same decoded
 * batches, the median went from 5.5 to 4.1 CPU-s per million spans, and from 6.1 to 4.5 per
 * million log records (docs/benchmarks.md; `bench/store/encode.ts` measures one build).
 * The decoder hands out the same string objects for repeated bytes
 * (ingest/protobuf/bytes-interner.ts), so a lookup here hits a hash the string already carries.
 */

import { RowBinaryWriter } from './rowbinary.js';

/** Strings up to this many UTF-16 units are cached across batches (as the decoder's interner). */
const MAX_CACHED_LENGTH = 64;
const MAX_CACHED_ENTRIES = 1 << 16;
const POOL_BYTES = 4 << 20;
/** The room RowBinaryWriter.string reserves for a cached string (3 bytes per UTF-16 unit, prefix). */
const MAX_CACHED_BYTES = 3 * MAX_CACHED_LENGTH + 5;

/** The encoded bytes of short strings, shared by all batches; starts over when full. */
class EncodedStringCache {
  private map = new Map<string, Uint8Array>();
  private pool = new RowBinaryWriter(POOL_BYTES);

  get(s: string): Uint8Array {
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    if (this.map.size >= MAX_CACHED_ENTRIES || this.pool.pos + MAX_CACHED_BYTES > POOL_BYTES) {
      // views handed out earlier keep the old pool alive until their blocks are written; a pool
      // is never grown (that would copy it), a full one is replaced
      this.map = new Map();
      this.pool = new RowBinaryWriter(POOL_BYTES);
    }
    const start = this.pool.pos;
    this.pool.string(s);
    const out = this.pool.buf.subarray(start, this.pool.pos);
    this.map.set(s, out);
    return out;
  }
}

const shared = new EncodedStringCache();

export class EncodedStrings {
  private readonly encoded: (Uint8Array | undefined)[];

  constructor(private readonly strings: readonly string[]) {
    this.encoded = new Array<Uint8Array | undefined>(strings.length);
  }

  /**
   * Writes strings[i] to `w` as a String: short ones as a copy of their cached bytes, long ones
   * (messages, bodies) straight into the stream, with no intermediate Buffer.
   */
  write(w: RowBinaryWriter, i: number): void {
    const hit = this.encoded[i];
    if (hit !== undefined) w.raw(hit);
    else if ((this.strings[i] ?? '').length > MAX_CACHED_LENGTH) w.string(this.strings[i]!);
    else w.raw(this.get(i));
  }

  /** The RowBinary String bytes of strings[i] ('' when out of range). */
  get(i: number): Uint8Array {
    const hit = this.encoded[i];
    if (hit !== undefined) return hit;
    const str = this.strings[i] ?? '';
    const out = str.length <= MAX_CACHED_LENGTH ? shared.get(str) : encodeLong(str);
    if (i >= 0 && i < this.encoded.length) this.encoded[i] = out;
    return out;
  }
}

/** Messages, bodies, long values: rarely repeated, encoded for this batch only. */
function encodeLong(s: string): Uint8Array {
  const w = new RowBinaryWriter(3 * s.length + 5);
  w.string(s);
  return w.bytes();
}
