/**
 * Interns UTF-8 byte ranges into a batch's StringTable. Telemetry repeats the same keys and
 * values across requests, so decoded strings are kept in a process-wide cache keyed by their
 * bytes (bounded; it starts over when full): a repeated value costs a hash of a few bytes and
 * a lookup of an already-hashed string, instead of a UTF-8 decode and a fresh string hash.
 * Longer strings (messages, bodies: rarely repeated) are decoded directly.
 */
import type { StringTable } from '../../model/index.js';
import { decodeUtf8 } from './reader.js';

const MAX_CACHED_BYTES = 64;
const SLOTS = 1 << 16;
const MAX_ENTRIES = SLOTS >> 1;
const POOL_BYTES = MAX_ENTRIES * 32;

/** The process-wide bytes -> string cache (one per thread: decoders run synchronously). */
class Utf8Cache {
  private readonly slots = new Int32Array(SLOTS);
  private readonly entStart = new Uint32Array(MAX_ENTRIES);
  private readonly entLen = new Uint8Array(MAX_ENTRIES);
  private readonly entHash = new Uint32Array(MAX_ENTRIES);
  private readonly entString: string[] = [];
  private readonly pool = new Uint8Array(POOL_BYTES);
  private used = 0;
  private poolUsed = 0;

  get(buf: Uint8Array, start: number, end: number): string {
    const len = end - start;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    h >>>= 0;
    const slots = this.slots;
    let s = h & (SLOTS - 1);
    for (;;) {
      const e = slots[s]!;
      if (e === 0) break;
      const ent = e - 1;
      if (this.entHash[ent] === h && this.entLen[ent] === len && this.same(ent, buf, start, len)) return this.entString[ent]!;
      s = (s + 1) & (SLOTS - 1);
    }
    const str = decodeUtf8(buf, start, end);
    if (this.used >= MAX_ENTRIES || this.poolUsed + len > POOL_BYTES) {
      this.reset();
      s = h & (SLOTS - 1);
    }
    const ent = this.used++;
    this.pool.set(buf.subarray(start, end), this.poolUsed);
    this.entStart[ent] = this.poolUsed;
    this.entLen[ent] = len;
    this.entHash[ent] = h;
    this.entString[ent] = str;
    this.poolUsed += len;
    slots[s] = ent + 1;
    return str;
  }

  private same(ent: number, buf: Uint8Array, start: number, len: number): boolean {
    const pool = this.pool;
    const p = this.entStart[ent]!;
    for (let i = 0; i < len; i++) if (pool[p + i] !== buf[start + i]) return false;
    return true;
  }

  private reset(): void {
    this.slots.fill(0);
    this.entString.length = 0;
    this.used = 0;
    this.poolUsed = 0;
  }
}

const cache = new Utf8Cache();

export class BytesInterner {
  constructor(readonly strings: StringTable) {}

  /** The string-table index of the UTF-8 text in buf[start, end). */
  intern(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (len === 0) return 0;
    return this.strings.intern(len > MAX_CACHED_BYTES ? decodeUtf8(buf, start, end) : cache.get(buf, start, end));
  }

  /** The text itself (cached like intern). */
  text(buf: Uint8Array, start: number, end: number): string {
    const len = end - start;
    if (len === 0) return '';
    return len > MAX_CACHED_BYTES ? decodeUtf8(buf, start, end) : cache.get(buf, start, end);
  }
}
