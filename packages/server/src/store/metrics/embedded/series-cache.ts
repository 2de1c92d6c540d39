/**
 * What the writer remembers per series: its fingerprint (hash of tenant and labels), the last
 * day its index row was written, and its newest sample (for Prometheus' out-of-order and
 * duplicate rules). Bounded: when full, the oldest series not written since it was last passed
 * over is forgotten (second-chance eviction: a hit only sets a flag, which is far cheaper than
 * moving the entry in the Map on every sample); a forgotten series is re-hashed and re-indexed on
 * its next sample (an idempotent ReplacingMergeTree row), and its ordering check restarts there.
 */
import { createHash } from 'node:crypto';
import { MetricIds } from './metric-id.js';

export interface SeriesState {
  /** Fingerprint halves, written as one little-endian UInt64. */
  lo: number;
  hi: number;
  /** Decimal text of the fingerprint (as the series table returns it). */
  fp: string;
  /** Hash of the metric name (metric-id.ts): samples are sorted by it before the fingerprint. */
  metric: number;
  indexedDay: number;
  /** The day of an index row encoded by the write in progress (-1 outside a write). */
  pendingDay: number;
  lastTs: number;
  /** Bit pattern of the newest value (high and low 32 bits), so that NaNs compare exactly. */
  lastHi: number;
  lastLo: number;
  /** Written since the eviction scan last passed it. */
  used: boolean;
  /** Forgotten by the cache: whoever still holds it (a series entry's memo) must look up again. */
  evicted: boolean;
}

export function fingerprint(tenant: string, key: string): { lo: number; hi: number; fp: string } {
  const d = createHash('sha256').update(tenant).update('\xff').update(key).digest();
  const lo = d.readUInt32LE(0);
  // keep the top bit clear so that the value is also a valid Int64 for any client
  const hi = d.readUInt32LE(4) & 0x7fffffff;
  return { lo, hi, fp: ((BigInt(hi) << 32n) | BigInt(lo)).toString() };
}

/** One tenant's series: what the writer looks keys up in, found once per write. */
export interface TenantSeries {
  get(key: string): SeriesState;
}

export class SeriesCache {
  // per tenant, keyed by the series' label key as the batch carries it: the same string object
  // from write to write when the sender's labels are cached (remote write), so its hash is not
  // computed again, and no tenant-qualified key is built per series
  private readonly tenants = new Map<string, TenantView>();
  // insertion order over all tenants, for eviction: a ring of (tenant, key)
  private ringTenants: TenantView[] = [];
  private ringKeys: string[] = [];
  private head = 0;
  private count = 0;

  readonly metricIds = new MetricIds();

  constructor(private readonly maxSeries: number) {}

  get size(): number {
    return this.count;
  }

  /** The state of a series, created (unindexed, no samples seen) when unknown. */
  get(tenant: string, key: string): SeriesState {
    return this.tenant(tenant).get(key);
  }

  tenant(tenant: string): TenantSeries {
    let t = this.tenants.get(tenant);
    if (t === undefined) {
      t = new TenantView(this, tenant);
      this.tenants.set(tenant, t);
    }
    return t;
  }

  /** Called by a tenant's view for a series it did not hold. */
  added(t: TenantView, key: string): void {
    if (this.count >= this.maxSeries) this.evictOne();
    this.push(t, key);
  }

  private push(t: TenantView, key: string): void {
    if (this.count === this.ringKeys.length) this.grow();
    const i = (this.head + this.count) % this.ringKeys.length;
    this.ringTenants[i] = t;
    this.ringKeys[i] = key;
    this.count++;
  }

  private grow(): void {
    const n = Math.max(1024, this.ringKeys.length * 2);
    const keys = new Array<string>(n);
    const tenants = new Array<TenantView>(n);
    for (let j = 0; j < this.count; j++) {
      const i = (this.head + j) % this.ringKeys.length;
      keys[j] = this.ringKeys[i]!;
      tenants[j] = this.ringTenants[i]!;
    }
    this.ringKeys = keys;
    this.ringTenants = tenants;
    this.head = 0;
  }

  private evictOne(): void {
    // second chance: a series used since it was inserted (or last passed) moves to the back once
    while (this.count > 0) {
      const t = this.ringTenants[this.head]!;
      const key = this.ringKeys[this.head]!;
      this.head = (this.head + 1) % this.ringKeys.length;
      this.count--;
      const s = t.map.get(key)!;
      if (!s.used) {
        s.evicted = true;
        t.map.delete(key);
        return;
      }
      s.used = false;
      this.push(t, key);
    }
  }
}

class TenantView implements TenantSeries {
  readonly map = new Map<string, SeriesState>();

  constructor(
    private readonly cache: SeriesCache,
    private readonly tenant: string,
  ) {}

  get(key: string): SeriesState {
    let s = this.map.get(key);
    if (s) {
      s.used = true;
      return s;
    }
    const f = fingerprint(this.tenant, key);
    s = { lo: f.lo, hi: f.hi, fp: f.fp, metric: this.cache.metricIds.of(key), indexedDay: -1, pendingDay: -1, lastTs: -Infinity, lastHi: 0, lastLo: 0, used: false, evicted: false };
    this.cache.added(this, key);
    this.map.set(key, s);
    return s;
  }
}
