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
 *
 * Admission. A sender with more active series than the cache holds sends them in a cycle longer
 * than the cache's memory: every set would be stored and dropped again before its next request,
 * so every lookup missed and the cache only added work (storing, interning, key tokens, and the
 * garbage of each dropped generation: at 400k series, ~40% of ingest CPU). So when a generation
 * is dropped with fewer than half of its sets found again while it was the old one, the cache
 * halves the share of label sets it stores, chosen by hash: the same sets every time, so those
 * are found request after request while the others are decoded as if there were no cache. When
 * twice the sets in use would fit easily, the share doubles again (the sender's series shrank).
 */
import type { SeriesEntry } from '../../model/index.js';
import { grown } from '../../model/grow.js';
import { reusableSeriesEntry } from '../../store/metrics/batch-builder.js';
import type { RemoteWriteLimits } from './decode.js';

/**
 * Defaults: 131,072 label sets and 32 MiB of their wire bytes. A set of four labels measured
 * ~1.4 KB in all (entry, label arrays, strings, key, key token, table and bytes), so ~180 MiB
 * when full.
 */
export const LABEL_CACHE_MAX_SERIES = 1 << 17;
export const LABEL_CACHE_MAX_BYTES = 32 * 1024 * 1024;
const INTERNED_STRINGS = 1 << 16;
/** Hashes below this are stored: all of them at first (hashes are 32-bit unsigned). */
const ADMIT_ALL = 2 ** 32;
/** The smallest share stored: 1/1024. */
const MIN_ADMIT = ADMIT_ALL / 1024;

/** A DataView over all of a buffer, for the word reads of hash and comparison (one per request). */
export function wordsOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * One generation: an open-addressing table over parallel arrays (a probe reads typed arrays, not
 * objects) and one byte pool holding the sets' wire bytes. Grows by doubling up to its bound.
 */
class Generation {
  count = 0;
  /** Sets of this generation found while it was the old one (and copied into the current). */
  promoted = 0;
  private cap = 0;
  private slots = new Int32Array(0);
  private hashes = new Uint32Array(0);
  private lens = new Uint32Array(0);
  private offs = new Uint32Array(0);
  /** The set found right after each set last time (-1: none yet): senders repeat their order. */
  private follower = new Int32Array(0);
  /** The review window in which each set was last found or added (see LabelSetCache.reviewShare). */
  private usedIn = new Int32Array(0);
  private readonly tenants: string[] = [];
  private readonly entries: SeriesEntry[] = [];
  private pool = new Uint8Array(0);
  private poolView: DataView = new DataView(new ArrayBuffer(0));
  bytes = 0;

  /** Index of the set with these bytes, or -1. */
  find(tenant: string, hash: number, buf: Uint8Array, view: DataView, start: number, end: number): number {
    if (this.count === 0) return -1;
    const len = end - start;
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]! - 1;
      if (e < 0) return -1;
      if (this.matches(e, tenant, hash, buf, view, start, len)) return e;
    }
  }

  matches(e: number, tenant: string, hash: number, buf: Uint8Array, view: DataView, start: number, len: number): boolean {
    return this.hashes[e] === hash && this.lens[e] === len && this.tenants[e] === tenant && this.same(this.offs[e]!, buf, view, start, len);
  }

  /** Marks set e used in review window w; true when it was not yet. */
  use(e: number, w: number): boolean {
    if (this.usedIn[e] === w) return false;
    this.usedIn[e] = w;
    return true;
  }

  followerOf(e: number): number {
    return this.follower[e]!;
  }

  follow(e: number, next: number): void {
    this.follower[e] = next;
  }

  entry(e: number): SeriesEntry {
    return this.entries[e]!;
  }

  tenant(e: number): string {
    return this.tenants[e]!;
  }

  hash(e: number): number {
    return this.hashes[e]!;
  }

  /** The pool and range of a set's bytes (to copy it into the next generation). */
  poolBytes(): Uint8Array {
    return this.pool;
  }

  range(e: number): [number, number] {
    return [this.offs[e]!, this.offs[e]! + this.lens[e]!];
  }

  add(tenant: string, hash: number, src: Uint8Array, start: number, end: number, entry: SeriesEntry): void {
    const len = end - start;
    if (this.count === this.cap) this.grow(Math.max(1024, this.cap * 2));
    if (this.bytes + len > this.pool.length) {
      const pool = new Uint8Array(Math.max(64 * 1024, this.pool.length * 2, this.bytes + len));
      pool.set(this.pool.subarray(0, this.bytes));
      this.pool = pool;
      this.poolView = new DataView(pool.buffer);
    }
    const e = this.count++;
    this.follower[e] = -1;
    this.pool.set(src.subarray(start, end), this.bytes);
    this.offs[e] = this.bytes;
    this.lens[e] = len;
    this.hashes[e] = hash;
    this.tenants[e] = tenant;
    this.entries[e] = entry;
    this.bytes += len;
    this.place(e);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let s = this.hashes[e]! & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private grow(cap: number): void {
    this.hashes = grown(this.hashes, cap);
    this.lens = grown(this.lens, cap);
    this.offs = grown(this.offs, cap);
    this.follower = grown(this.follower, cap);
    this.usedIn = grown(this.usedIn, cap);
    this.cap = cap;
    // at most half full, so that probes stay short
    this.slots = new Int32Array(cap * 2);
    for (let e = 0; e < this.count; e++) this.place(e);
  }

  private same(off: number, buf: Uint8Array, view: DataView, start: number, len: number): boolean {
    const pv = this.poolView;
    let i = 0;
    for (; i + 4 <= len; i += 4) if (pv.getUint32(off + i) !== view.getUint32(start + i)) return false;
    const pool = this.pool;
    for (; i < len; i++) if (pool[off + i] !== buf[start + i]) return false;
    return true;
  }
}

export class LabelSetCache {
  private cur = new Generation();
  private old = new Generation();
  private readonly strings = new Map<string, string>();
  /** The set of the current generation found or added last (-1: none). */
  private last = -1;
  private lastTenant = '';
  private lastSeed = 0;
  /** Label sets whose hash is below this are stored (see Admission above). */
  private admitBelow = ADMIT_ALL;
  /** Since the last review of the share: lookups, sets found or added, generation changes. */
  private lookups = 0;
  private window = 1;
  private used = 0;
  private flipped = false;

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

  /** The share of label sets the cache stores now (1: all). */
  get admittedShare(): number {
    return this.admitBelow / ADMIT_ALL;
  }

  /**
   * The hash of a tenant's label bytes: 32-bit words multiplied in (4 bytes per step, where
   * FNV-1a takes one), then the tail bytes and murmur3's finalizer. Seeded by the tenant.
   */
  hash(tenant: string, buf: Uint8Array, view: DataView, start: number, end: number): number {
    let h = this.seed(tenant) ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) {
      h = Math.imul(h ^ view.getUint32(i), 0x9e3779b1);
      h ^= h >>> 15;
    }
    for (; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** The entry stored for these bytes (view: wordsOf(buf)), or undefined. */
  get(tenant: string, hash: number, buf: Uint8Array, view: DataView, start: number, end: number): SeriesEntry | undefined {
    if (++this.lookups * this.admittedShare >= this.maxSeries) this.reviewShare();
    const cur = this.cur;
    const last = this.last;
    // the set that followed the previous one last time, before any probe of the table: series
    // come in the same order request after request, and then the arrays are read in order
    if (last >= 0) {
      const f = cur.followerOf(last);
      if (f >= 0 && cur.matches(f, tenant, hash, buf, view, start, end - start)) {
        this.last = f;
        if (cur.use(f, this.window)) this.used++;
        return cur.entry(f);
      }
    }
    const e = cur.find(tenant, hash, buf, view, start, end);
    if (e >= 0) {
      this.found(e);
      if (cur.use(e, this.window)) this.used++;
      return cur.entry(e);
    }
    const old = this.old;
    const o = old.find(tenant, hash, buf, view, start, end);
    if (o < 0) return undefined;
    old.promoted++;
    const [s, t] = old.range(o);
    this.add(tenant, hash, old.poolBytes(), s, t, old.entry(o));
    return old.entry(o);
  }

  /**
   * Stores a validated, sorted label set when its hash is in the admitted share; returns the entry
   * to use from now on (a plain one-batch entry for a set not stored).
   */
  set(tenant: string, hash: number, buf: Uint8Array, start: number, end: number, labels: [string, string][]): SeriesEntry {
    if (hash >= this.admitBelow) return { labels };
    for (const l of labels) {
      l[0] = this.intern(l[0]);
      l[1] = this.intern(l[1]);
    }
    const entry = reusableSeriesEntry(labels);
    this.add(tenant, hash, buf, start, end, entry);
    return entry;
  }

  /**
   * Once per `maxSeries` lookups of the admitted share (enough to fill the bound had they all
   * missed): a share below all doubles when no generation changed since the last review and twice
   * the sets used in that time would fill at most three quarters of a generation.
   */
  private reviewShare(): void {
    if (!this.flipped && this.admitBelow < ADMIT_ALL && this.used * 2 <= (this.maxSeries / 2) * 0.75) this.admitBelow = Math.min(ADMIT_ALL, this.admitBelow * 2);
    this.lookups = 0;
    this.window++;
    this.used = 0;
    this.flipped = false;
  }

  /** Remembers e as the follower of the set found before it, and as the last one found. */
  private found(e: number): void {
    if (this.last >= 0) this.cur.follow(this.last, e);
    this.last = e;
  }

  private add(tenant: string, hash: number, buf: Uint8Array, start: number, end: number, entry: SeriesEntry): void {
    const len = end - start;
    if (len > this.maxBytes / 2) return;
    if (this.cur.count + 1 > this.maxSeries / 2 || this.cur.bytes + len > this.maxBytes / 2) {
      // the generation dropped now: were its sets found again before it went?
      const dropped = this.old;
      if (dropped.count >= 64 && dropped.promoted < dropped.count / 2) this.admitBelow = Math.max(MIN_ADMIT, this.admitBelow / 2);
      this.flipped = true;
      this.old = this.cur;
      this.cur = new Generation();
      this.last = -1;
    }
    this.cur.add(tenant, hash, buf, start, end, entry);
    this.found(this.cur.count - 1);
    if (this.cur.use(this.cur.count - 1, this.window)) this.used++;
  }

  /**
   * One string for each short name or value the stored sets share (`__name__`, `job`, metric
   * names, instances...): each decoded set brought its own copies. Bounded; starts over when full.
   */
  private intern(v: string): string {
    if (v.length > 64) return v;
    const known = this.strings.get(v);
    if (known !== undefined) return known;
    if (this.strings.size >= INTERNED_STRINGS) this.strings.clear();
    this.strings.set(v, v);
    return v;
  }

  private seed(tenant: string): number {
    if (tenant === this.lastTenant && this.lastSeed !== 0) return this.lastSeed;
    let h = 0x811c9dc5;
    for (let i = 0; i < tenant.length; i++) h = Math.imul(h ^ tenant.charCodeAt(i), 0x01000193);
    this.lastTenant = tenant;
    this.lastSeed = h | 1;
    return this.lastSeed;
  }
}
