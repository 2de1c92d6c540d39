/**
 * Remote-write senders repeat every series' label set, byte for byte, in every request (one
 * sample per series per request, as Prometheus sends). This cache maps the raw protobuf bytes
 * of a series' labels to the series entry they decoded to, so that a repeat costs a hash of
 * those bytes and one comparison with a stored copy, instead of a string per label name and
 * value, validation, sorting and a key string. A hit returns the same frozen SeriesEntry (and
 * key) every time; the store's writer then finds its per-series state with a string whose hash
 * V8 has already computed.
 *
 * Only label sets that passed validation are stored, so an invalid set is decoded and refused
 * (400, naming the series) on every request. Entries are per tenant: the tenant is part of the
 * hash and compared on every hit, so tenants never share one. One cache serves one set of
 * limits (the decoders use it only with the limits it was made for).
 *
 * Bounded: two generations, each up to half the series and half the bytes. A lookup that hits
 * the old generation copies the entry into the current one; when the current one is full, the
 * old one is dropped and the current one becomes old. So what is used keeps being found, and
 * at most `maxSeries` label sets and `maxBytes` of their wire bytes are held.
 */
import type { SeriesEntry } from '../../model/index.js';
import { reusableSeriesEntry } from '../../store/metrics/batch-builder.js';
import type { RemoteWriteLimits } from './decode.js';

/** Defaults: ~262k series; at ~100 wire bytes and ~300 bytes of objects per set, ~100 MiB. */
export const LABEL_CACHE_MAX_SERIES = 1 << 18;
export const LABEL_CACHE_MAX_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

interface Rec {
  tenant: string;
  hash: number;
  len: number;
  chunk: Uint8Array;
  off: number;
  entry: SeriesEntry;
  next: Rec | undefined;
}

class Generation {
  readonly table = new Map<number, Rec>();
  count = 0;
  bytes = 0;
  private chunk = new Uint8Array(0);
  private used = 0;

  /** Copies the bytes into this generation's chunks (a record never keeps another generation's chunk alive). */
  add(tenant: string, hash: number, src: Uint8Array, start: number, end: number, entry: SeriesEntry): void {
    const len = end - start;
    if (this.used + len > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(CHUNK_BYTES, len));
      this.used = 0;
    }
    const off = this.used;
    this.chunk.set(src.subarray(start, end), off);
    this.used += len;
    const key = hash & 0x3fffffff;
    this.table.set(key, { tenant, hash, len, chunk: this.chunk, off, entry, next: this.table.get(key) });
    this.count++;
    this.bytes += len;
  }

  find(tenant: string, hash: number, buf: Uint8Array, start: number, end: number): Rec | undefined {
    const len = end - start;
    for (let r = this.table.get(hash & 0x3fffffff); r !== undefined; r = r.next) {
      if (r.hash !== hash || r.len !== len || r.tenant !== tenant) continue;
      const c = r.chunk;
      const d = r.off - start;
      let i = start;
      while (i < end && c[i + d] === buf[i]) i++;
      if (i === end) return r;
    }
    return undefined;
  }
}

export class LabelSetCache {
  private cur = new Generation();
  private old = new Generation();
  private lastTenant = '';
  private lastSeed = 0x811c9dc5;

  constructor(
    /** The limits every stored label set was validated against. */
    readonly limits: RemoteWriteLimits,
    private readonly maxSeries = LABEL_CACHE_MAX_SERIES,
    private readonly maxBytes = LABEL_CACHE_MAX_BYTES,
  ) {}

  /** Label sets held (both generations; a set in both counts twice). */
  get size(): number {
    return this.cur.count + this.old.count;
  }

  /** The hash of a tenant's label bytes (32-bit FNV-1a, seeded by the tenant). */
  hash(tenant: string, buf: Uint8Array, start: number, end: number): number {
    let h = this.seed(tenant);
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    return h >>> 0;
  }

  get(tenant: string, hash: number, buf: Uint8Array, start: number, end: number): SeriesEntry | undefined {
    const r = this.cur.find(tenant, hash, buf, start, end);
    if (r !== undefined) return r.entry;
    const o = this.old.find(tenant, hash, buf, start, end);
    if (o === undefined) return undefined;
    this.add(tenant, hash, o.chunk, o.off, o.off + o.len, o.entry);
    return o.entry;
  }

  /** Stores a validated, sorted label set; returns the entry to use from now on. */
  set(tenant: string, hash: number, buf: Uint8Array, start: number, end: number, labels: [string, string][]): SeriesEntry {
    const entry = reusableSeriesEntry(labels);
    this.add(tenant, hash, buf, start, end, entry);
    return entry;
  }

  private add(tenant: string, hash: number, buf: Uint8Array, start: number, end: number, entry: SeriesEntry): void {
    const len = end - start;
    if (len > this.maxBytes / 2) return;
    if (this.cur.count + 1 > this.maxSeries / 2 || this.cur.bytes + len > this.maxBytes / 2) {
      this.old = this.cur;
      this.cur = new Generation();
    }
    this.cur.add(tenant, hash, buf, start, end, entry);
  }

  private seed(tenant: string): number {
    if (tenant === this.lastTenant) return this.lastSeed;
    let h = 0x811c9dc5;
    for (let i = 0; i < tenant.length; i++) h = Math.imul(h ^ tenant.charCodeAt(i), 0x01000193);
    this.lastTenant = tenant;
    this.lastSeed = h;
    return h;
  }
}
