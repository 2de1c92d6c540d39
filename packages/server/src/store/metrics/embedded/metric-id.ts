/**
 * A metric's id in the samples table: the first four bytes of SHA-256 of its name, read
 * little-endian. Samples sort by (two-hour window, metric id, fingerprint, ts), so that a query
 * for one metric reads that metric's granules only, not granules shared with every other metric
 * (a granule holds several series). The engine computes the same id from the series index
 * (METRIC_ID_SQL), so a query needs no id list from here, and a table rewrite can derive the
 * ids of rows stored before the column existed.
 *
 * Id 0 means "not known": rows replayed from a write-ahead log of the earlier format, which
 * did not carry it. Queries always read id 0 too (a hash that happens to be 0 is therefore
 * still found).
 */
import { createHash } from 'node:crypto';

export const UNKNOWN_METRIC_ID = 0;

/** The engine's expression for the id of the metric named by the String column `column`. */
export function metricIdSql(column: string): string {
  return `reinterpretAsUInt32(substring(SHA256(${column}), 1, 4))`;
}

export function metricId(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32LE(0);
}

/**
 * The metric name in a series key (batch-builder.ts labelsKey: `name\xfevalue\xff` per label,
 * sorted by name): values never hold \xff, so `\xff__name__\xfe` can only start the name label.
 */
export function metricNameOfKey(key: string): string {
  const tag = '__name__\xfe';
  let at: number;
  if (key.startsWith(tag)) at = tag.length;
  else {
    const i = key.indexOf('\xff' + tag);
    if (i < 0) return '';
    at = i + 1 + tag.length;
  }
  const end = key.indexOf('\xff', at);
  return key.slice(at, end < 0 ? key.length : end);
}

/** Ids by metric name, remembered: series are many, names few. Bounded (cleared when full). */
export class MetricIds {
  private readonly ids = new Map<string, number>();

  constructor(private readonly maxNames = 100_000) {}

  /** The id of the metric of a series key. */
  of(key: string): number {
    const name = metricNameOfKey(key);
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.ids.size >= this.maxNames) this.ids.clear();
      id = metricId(name);
      this.ids.set(name, id);
    }
    return id;
  }
}
