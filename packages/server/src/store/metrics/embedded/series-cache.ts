/**
 * What the writer remembers per series: its fingerprint (hash of tenant and labels), the last
 * day its index row was written, and its newest sample (for Prometheus' out-of-order and
 * duplicate rules). Bounded: the least recently written series are forgotten first; a forgotten
 * series is re-hashed and re-indexed on its next sample (an idempotent ReplacingMergeTree row),
 * and its ordering check restarts from that sample.
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
  lastValueBits: [number, number];
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
    const k = tenant + '\xfd' + key;
    let s = this.map.get(k);
    if (s) {
      // refresh recency: Map keeps insertion order
      this.map.delete(k);
      this.map.set(k, s);
      return s;
    }
    const f = fingerprint(tenant, key);
    s = { ...f, indexedDay: -1, lastTs: -Infinity, lastValueBits: [0, 0] };
    if (this.map.size >= this.maxSeries) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(k, s);
    return s;
  }
}
