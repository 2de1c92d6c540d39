/**
 * What the writer remembers per series: its fingerprint (hash of tenant and labels), the last
 * day its index row was written, and its newest sample (for Prometheus' out-of-order and
 * duplicate rules). Bounded: when full, the oldest series not written since it was last passed
 * over is forgotten (second-chance eviction: a hit only sets a flag, which is far cheaper than
 * moving the entry in the Map on every sample); a forgotten series is re-hashed and re-indexed on
 * its next sample (an idempotent ReplacingMergeTree row), and its ordering check restarts there.
 */
import { createHash } from 'node:crypto';

export interface SeriesState {
  /** Fingerprint halves, written as one little-endian UInt64. */
  lo: number;
  hi: number;
  /** Decimal text of the fingerprint (as the series table returns it). */
  fp: string;
  indexedDay: number;
  lastTs: number;
  /** Bit pattern of the newest value (high and low 32 bits), so that NaNs compare exactly. */
  lastHi: number;
  lastLo: number;
  /** Written since the eviction scan last passed it. */
  used: boolean;
}

export function fingerprint(tenant: string, key: string): { lo: number; hi: number; fp: string } {
  const d = createHash('sha256').update(tenant).update('\xff').update(key).digest();
  const lo = d.readUInt32LE(0);
  // keep the top bit clear so that the value is also a valid Int64 for any client
  const hi = d.readUInt32LE(4) & 0x7fffffff;
  return { lo, hi, fp: ((BigInt(hi) << 32n) | BigInt(lo)).toString() };
}

export class SeriesCache {
  private readonly map = new Map<string, SeriesState>();

  constructor(private readonly maxSeries: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The state of a series, created (unindexed, no samples seen) when unknown. */
  get(tenant: string, key: string): SeriesState {
    const k = tenant === 'default' ? key : tenant + '\xfd' + key;
    let s = this.map.get(k);
    if (s) {
      s.used = true;
      return s;
    }
    const f = fingerprint(tenant, key);
    s = { lo: f.lo, hi: f.hi, fp: f.fp, indexedDay: -1, lastTs: -Infinity, lastHi: 0, lastLo: 0, used: false };
    if (this.map.size >= this.maxSeries) this.evictOne();
    this.map.set(k, s);
    return s;
  }

  private evictOne(): void {
    // second chance: a series used since it was inserted (or last passed) moves to the back once
    for (;;) {
      const first = this.map.entries().next();
      if (first.done) return;
      const [k, s] = first.value;
      this.map.delete(k);
      if (!s.used) return;
      s.used = false;
      this.map.set(k, s);
    }
  }
}
