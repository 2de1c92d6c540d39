/**
 * The embedded TSDB's Querier: label matching runs in SQL on the series index; samples come
 * back in RowBinary (fingerprint, ts, value), already ordered by series and time by the table's
 * sort key, and are cut into per-series typed arrays without an object per sample.
 */
import type { ClickHouseConnection } from '../../clickhouse/index.js';
import { ptrError } from '../../../errors/index.js';
import type { LabelMatcher, Labels, Querier, SelectHints, SeriesSamples } from '../querier.js';
import type { QueryArena } from '../query-arena.js';
import { grown } from '../../../model/grow.js';
import { UNKNOWN_METRIC_ID, metricIdSql } from './metric-id.js';
import { SAMPLES_TABLE, SERIES_TABLE } from './schema.js';
import { SqlParams, dayString, selectorSql, selectorsSql } from './matchers-sql.js';

export interface EmbeddedQuerierOptions {
  /** Series one select may return before PTR_ERR_QUERY_LIMIT. */
  maxSeries: number;
  /** Samples one select may return before PTR_ERR_QUERY_LIMIT. */
  maxSamples: number;
}

/** A label map from the engine as sorted pairs. */
export function sortedLabels(obj: Record<string, string>): [string, string][] {
  return Object.entries(obj).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Fingerprints per label lookup query (20 bytes each at most: ~100 KiB of query text). */
const LABEL_FETCH_CHUNK = 5000;

export class EmbeddedQuerier implements Querier {
  constructor(
    private readonly conn: ClickHouseConnection,
    private readonly tenant: string,
    private readonly options: EmbeddedQuerierOptions,
    /** Fingerprint -> labels, shared by the store's queriers (a fingerprint's labels never change). */
    private readonly labels: LabelCache,
  ) {}

  private where(params: SqlParams, startMs: number, endMs: number): string {
    return `tenant = ${params.add(this.tenant)} AND day >= ${params.add(dayString(startMs), 'Date')} AND day <= ${params.add(dayString(endMs), 'Date')}`;
  }

  /** The series-index rows of one selector in the range. */
  private selectorWhere(params: SqlParams, matchers: readonly LabelMatcher[], startMs: number, endMs: number): string {
    return `${this.where(params, startMs, endMs)} AND (${selectorSql(matchers, params)})`;
  }

  async select(matchers: readonly LabelMatcher[], startMs: number, endMs: number, hints?: SelectHints): Promise<SeriesSamples[]> {
    const signal = hints?.signal;
    const params = new SqlParams();
    const seriesWhere = this.selectorWhere(params, matchers, startMs, endMs);
    // One engine query: samples of the matching series, unordered (ordering across parts costs
    // the engine more than sorting per series here). Labels come from the cache; only the
    // fingerprints not seen before are looked up.
    // (metric id, fingerprint) pairs narrow the read to those metrics' granules (metric-id.ts);
    // each series also as id 0, which marks rows replayed from a WAL of the earlier format
    const samplesSql =
      `SELECT fingerprint, ts, value FROM ${SAMPLES_TABLE} ` +
      `WHERE (metric, fingerprint) IN (SELECT arrayJoin([${metricIdSql('metric_name')}, ${UNKNOWN_METRIC_ID}]), fingerprint FROM ${SERIES_TABLE} WHERE ${seriesWhere}) ` +
      `AND ts >= ${params.add(String(Math.floor(startMs)), 'Int64')} AND ts <= ${params.add(String(Math.floor(endMs)), 'Int64')} ` +
      `LIMIT ${this.options.maxSamples + 1}`;
    const bytes = await this.conn.queryBytes(samplesSql, 'RowBinary', { params: params.values, ...(signal ? { signal } : {}) });
    if (bytes.length / 24 > this.options.maxSamples) throw ptrError('PTR_ERR_QUERY_LIMIT', `query loads more than ${this.options.maxSamples} samples`);
    const groups = groupRows(bytes, hints?.arena);
    if (groups.size > this.options.maxSeries) throw ptrError('PTR_ERR_QUERY_LIMIT', `query selects more than ${this.options.maxSeries} series`);
    const missing = [...groups.keys()].filter((fp) => !this.labels.has(fp));
    if (missing.length > 0) await this.fetchLabels(missing, groups.size, matchers, startMs, endMs, signal);
    const keyed: { key: string; series: SeriesSamples }[] = [];
    for (const [fp, g] of groups) {
      const entry = this.labels.entry(fp);
      if (entry) keyed.push({ key: entry.key, series: { labels: entry.labels, ...g } });
    }
    // series in label order, as the MemoryQuerier and Prometheus' sorted selects give them, so
    // that order-dependent results (topk/bottomk ties) are the same; by the cached sort key, as
    // comparing label arrays cost ~40 ms per 10k series
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.series);
  }

  /**
   * Labels of selected series the cache lacks. The lookups repeat the select's own condition, so
   * the series index is read only where the sort key (tenant, metric name, ...) puts the selected
   * metrics; by fingerprint alone, each lookup read the whole index. When most are missing (a
   * cold cache), one lookup returns all the selected series; else the missing fingerprints are
   * named, in chunks, as the engine refuses a query text over max_query_size (256 KiB, ~13k
   * fingerprints). Fingerprints are decimal digits produced by the engine itself, safe to inline.
   */
  private async fetchLabels(missing: string[], selected: number, matchers: readonly LabelMatcher[], startMs: number, endMs: number, signal: AbortSignal | undefined): Promise<void> {
    const lookup = async (named: string): Promise<void> => {
      const p = new SqlParams();
      const rows = await this.conn.queryRows<{ fp: string; ls: Record<string, string> }>(
        `SELECT toString(fingerprint) AS fp, any(labels) AS ls FROM ${SERIES_TABLE} WHERE ${this.selectorWhere(p, matchers, startMs, endMs)}${named} GROUP BY fingerprint`,
        { params: p.values, ...(signal ? { signal } : {}) },
      );
      for (const r of rows) this.labels.set(r.fp, sortedLabels(r.ls));
    };
    if (missing.length * 2 > selected) return lookup('');
    for (let i = 0; i < missing.length; i += LABEL_FETCH_CHUNK) await lookup(` AND fingerprint IN (${missing.slice(i, i + LABEL_FETCH_CHUNK).join(',')})`);
  }

  async series(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<Labels[]> {
    const params = new SqlParams();
    const lim = limit && limit > 0 ? ` LIMIT ${Math.floor(limit)}` : '';
    const rows = await this.conn.queryRows<{ ls: Record<string, string> }>(
      `SELECT any(labels) AS ls FROM ${SERIES_TABLE} WHERE ${this.where(params, startMs, endMs)} AND (${selectorsSql(selectors, params)}) GROUP BY fingerprint ORDER BY any(metric_name)${lim}`,
      { params: params.values },
    );
    return rows.map((r) => sortedLabels(r.ls));
  }

  async labelNames(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    const params = new SqlParams();
    const lim = limit && limit > 0 ? ` LIMIT ${Math.floor(limit)}` : '';
    const rows = await this.conn.queryRows<{ k: string }>(
      `SELECT DISTINCT arrayJoin(mapKeys(labels)) AS k FROM ${SERIES_TABLE} WHERE ${this.where(params, startMs, endMs)} AND (${selectorsSql(selectors, params)}) ORDER BY k${lim}`,
      { params: params.values },
    );
    return rows.map((r) => r.k);
  }

  async labelValues(name: string, selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    const params = new SqlParams();
    const col = name === '__name__' ? 'metric_name' : `labels[${params.add(name)}]`;
    const lim = limit && limit > 0 ? ` LIMIT ${Math.floor(limit)}` : '';
    const rows = await this.conn.queryRows<{ v: string }>(
      `SELECT DISTINCT ${col} AS v FROM ${SERIES_TABLE} WHERE ${this.where(params, startMs, endMs)} AND (${selectorsSql(selectors, params)}) AND v != '' ORDER BY v${lim}`,
      { params: params.values },
    );
    return rows.map((r) => r.v);
  }
}

/**
 * The sort key of a label set: comparing keys orders as promql/labels.ts compareLabels does (names, then values,
 * pair by pair, a prefix first), for label text without the bytes 0x00 and 0x01.
 */
export function labelsSortKey(labels: Labels): string {
  // joined, not appended: `k +=` left each cached key a rope of cons strings (~6 heap objects per
  // series for the garbage collector to mark on every full collection, for as long as it is cached)
  const pairs = new Array<string>(labels.length);
  for (let i = 0; i < labels.length; i++) pairs[i] = labels[i]![0] + '\x01' + labels[i]![1];
  return pairs.join('\x00');
}

/** A bounded fingerprint -> labels map (oldest entries dropped first), with each set's sort key. */
export class LabelCache {
  private readonly map = new Map<string, { labels: Labels; key: string }>();
  constructor(private readonly max: number) {}
  has(fp: string): boolean {
    return this.map.has(fp);
  }
  get(fp: string): Labels | undefined {
    return this.map.get(fp)?.labels;
  }
  entry(fp: string): { labels: Labels; key: string } | undefined {
    return this.map.get(fp);
  }
  set(fp: string, labels: Labels): void {
    if (this.map.size >= this.max) {
      const first = this.map.keys().next();
      if (!first.done) this.map.delete(first.value);
    }
    this.map.set(fp, { labels, key: labelsSortKey(labels) });
  }
}

/**
 * Groups RowBinary rows (UInt64 fingerprint, Int64 ts, Float64 value) by series, sorted by time.
 * Of samples at one timestamp the first is kept, as the head of Prometheus keeps the first write
 * of a timestamp. Rows arrive in runs per series (a part's rows are sorted by series within each
 * two-hour window), so the fingerprint is looked up once per run, not per row; and all series'
 * arrays are views of one buffer per column, as a typed array of its own per series (10k series
 * for topk) cost more to allocate than the grouping.
 */
export function groupRows(bytes: Uint8Array, arena?: QueryArena): Map<string, { timestamps: Float64Array; values: Float64Array }> {
  const n = Math.floor(bytes.length / 24);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // pass 1: count rows per fingerprint (keyed by the two 32-bit halves)
  const index = new Map<number, Map<number, number>>();
  const counts: number[] = [];
  // only needed here, synchronously: one buffer for every query (up to a size worth keeping)
  const seriesOfRow = n <= SCRATCH_MAX_ROWS ? (seriesOfRowScratch = grown(seriesOfRowScratch, n)) : new Uint32Array(n);
  let prevLo = -1;
  let prevHi = -1;
  let s = -1;
  for (let i = 0; i < n; i++) {
    const lo = dv.getUint32(i * 24, true);
    const hi = dv.getUint32(i * 24 + 4, true);
    if (lo !== prevLo || hi !== prevHi) {
      prevLo = lo;
      prevHi = hi;
      let byLo = index.get(hi);
      if (!byLo) index.set(hi, (byLo = new Map()));
      const found = byLo.get(lo);
      if (found === undefined) {
        s = counts.length;
        byLo.set(lo, s);
        counts.push(0);
      } else s = found;
    }
    counts[s]!++;
    seriesOfRow[i] = s;
  }
  const start = new Uint32Array(counts.length + 1);
  for (let k = 0; k < counts.length; k++) start[k + 1] = start[k]! + counts[k]!;
  const allTs = arena ? arena.f64(n) : new Float64Array(n);
  const allVs = arena ? arena.f64(n) : new Float64Array(n);
  const fill = start.slice(0, counts.length);
  for (let i = 0; i < n; i++) {
    const k = fill[seriesOfRow[i]!]!++;
    const off = i * 24;
    allTs[k] = dv.getUint32(off + 8, true) + dv.getInt32(off + 12, true) * 4294967296;
    allVs[k] = dv.getFloat64(off + 16, true);
  }
  const out = new Map<string, { timestamps: Float64Array; values: Float64Array }>();
  for (const [hi, byLo] of index) {
    for (const [lo, k] of byLo) {
      out.set(((BigInt(hi) << 32n) | BigInt(lo)).toString(), sortDedupe(allTs.subarray(start[k]!, start[k + 1]!), allVs.subarray(start[k]!, start[k + 1]!)));
    }
  }
  return out;
}

const SCRATCH_MAX_ROWS = 1 << 22;
let seriesOfRowScratch = new Uint32Array(1024);

function sortDedupe(ts: Float64Array, vs: Float64Array): { timestamps: Float64Array; values: Float64Array } {
  let sorted = true;
  for (let i = 1; i < ts.length; i++) {
    if (ts[i]! <= ts[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return { timestamps: ts, values: vs };
  mergeRuns(ts, vs);
  // keep the first sample of each timestamp (the merge is stable)
  let k = 1;
  for (let i = 1; i < ts.length; i++) {
    if (ts[i] === ts[k - 1]) continue;
    ts[k] = ts[i]!;
    vs[k] = vs[i]!;
    k++;
  }
  return { timestamps: ts.subarray(0, k), values: vs.subarray(0, k) };
}

let scratchTs = new Float64Array(1024);
let scratchVs = new Float64Array(1024);

/**
 * Sorts by time, stably, in place: a natural merge sort, as what arrives here is a few sorted
 * runs (one per part and two-hour window), in any order. An insertion sort of three runs of 60
 * samples cost 40 ms for 10k series; merging them costs a pass or two.
 */
function mergeRuns(ts: Float64Array, vs: Float64Array): void {
  const n = ts.length;
  if (scratchTs.length < n) {
    scratchTs = new Float64Array(2 * n);
    scratchVs = new Float64Array(2 * n);
  }
  const tt = scratchTs;
  const tv = scratchVs;
  for (;;) {
    let runs = 0;
    let i = 0;
    while (i < n) {
      let mid = i + 1;
      while (mid < n && ts[mid]! >= ts[mid - 1]!) mid++;
      let end = mid < n ? mid + 1 : n;
      while (end < n && ts[end]! >= ts[end - 1]!) end++;
      // merge [i, mid) and [mid, end) into the scratch; on equal times the earlier run first
      let a = i;
      let b = mid;
      let o = i;
      while (a < mid && b < end) {
        if (ts[b]! < ts[a]!) {
          tt[o] = ts[b]!;
          tv[o++] = vs[b++]!;
        } else {
          tt[o] = ts[a]!;
          tv[o++] = vs[a++]!;
        }
      }
      while (a < mid) {
        tt[o] = ts[a]!;
        tv[o++] = vs[a++]!;
      }
      while (b < end) {
        tt[o] = ts[b]!;
        tv[o++] = vs[b++]!;
      }
      runs++;
      i = end;
    }
    ts.set(tt.subarray(0, n));
    vs.set(tv.subarray(0, n));
    if (runs <= 1) return;
  }
}
