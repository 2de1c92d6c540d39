/**
 * The embedded TSDB's Querier: label matching runs in SQL on the series index; samples come
 * back in RowBinary (fingerprint, ts, value), already ordered by series and time by the table's
 * sort key, and are cut into per-series typed arrays without an object per sample.
 */
import type { ClickHouseConnection } from '../../clickhouse/index.js';
import { ptrError } from '../../../errors/index.js';
import type { LabelMatcher, Labels, Querier, SelectHints, SeriesSamples } from '../querier.js';
import { SAMPLES_TABLE, SERIES_TABLE } from './schema.js';
import { SqlParams, dayString, selectorSql, selectorsSql } from './matchers-sql.js';

export interface EmbeddedQuerierOptions {
  /** Series one select may return before PTR_ERR_QUERY_LIMIT. */
  maxSeries: number;
  /** Samples one select may return before PTR_ERR_QUERY_LIMIT. */
  maxSamples: number;
}

function sortedLabels(obj: Record<string, string>): Labels {
  return Object.entries(obj).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export class EmbeddedQuerier implements Querier {
  constructor(
    private readonly conn: ClickHouseConnection,
    private readonly tenant: string,
    private readonly options: EmbeddedQuerierOptions,
  ) {}

  private where(params: SqlParams, startMs: number, endMs: number): string {
    return `tenant = ${params.add(this.tenant)} AND day >= ${params.add(dayString(startMs), 'Date')} AND day <= ${params.add(dayString(endMs), 'Date')}`;
  }

  async select(matchers: readonly LabelMatcher[], startMs: number, endMs: number, hints?: SelectHints): Promise<SeriesSamples[]> {
    const signal = hints?.signal;
    const params = new SqlParams();
    const seriesWhere = `${this.where(params, startMs, endMs)} AND (${selectorSql(matchers, params)})`;
    const lo = Math.floor(startMs);
    const hi = Math.floor(endMs);
    const seriesSql = `SELECT toString(fingerprint) AS fp, any(labels) AS ls FROM ${SERIES_TABLE} WHERE ${seriesWhere} GROUP BY fingerprint LIMIT ${this.options.maxSeries + 1}`;
    const samplesSql =
      `SELECT fingerprint, ts, value FROM ${SAMPLES_TABLE} ` +
      `WHERE fingerprint IN (SELECT fingerprint FROM ${SERIES_TABLE} WHERE ${seriesWhere}) AND ts >= ${params.add(String(lo), 'Int64')} AND ts <= ${params.add(String(hi), 'Int64')} ` +
      `ORDER BY fingerprint, ts LIMIT ${this.options.maxSamples + 1}`;
    const opts = { params: params.values, ...(signal ? { signal } : {}) };
    const [seriesRows, bytes] = await Promise.all([
      this.conn.queryRows<{ fp: string; ls: Record<string, string> }>(seriesSql, opts),
      this.conn.queryBytes(samplesSql, 'RowBinary', opts),
    ]);
    if (seriesRows.length > this.options.maxSeries) throw ptrError('PTR_ERR_QUERY_LIMIT', `query selects more than ${this.options.maxSeries} series`);
    if (bytes.length / 24 > this.options.maxSamples) throw ptrError('PTR_ERR_QUERY_LIMIT', `query loads more than ${this.options.maxSamples} samples`);
    const labelsByFp = new Map<string, Labels>();
    for (const r of seriesRows) labelsByFp.set(r.fp, sortedLabels(r.ls));
    return cutSeries(bytes, labelsByFp);
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
 * Splits RowBinary (UInt64 fingerprint, Int64 ts, Float64 value) rows, ordered by fingerprint
 * then ts, into series. Samples at a timestamp already seen keep the first value, as the head
 * of Prometheus keeps the first write of a timestamp.
 */
export function cutSeries(bytes: Uint8Array, labelsByFp: Map<string, Labels>): SeriesSamples[] {
  const n = Math.floor(bytes.length / 24);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: SeriesSamples[] = [];
  let i = 0;
  while (i < n) {
    const lo = dv.getUint32(i * 24, true);
    const hi = dv.getUint32(i * 24 + 4, true);
    let j = i + 1;
    while (j < n && dv.getUint32(j * 24, true) === lo && dv.getUint32(j * 24 + 4, true) === hi) j++;
    const labels = labelsByFp.get(((BigInt(hi) << 32n) | BigInt(lo)).toString());
    if (labels) {
      const ts = new Float64Array(j - i);
      const vs = new Float64Array(j - i);
      let k = 0;
      let last = -Infinity;
      for (let r = i; r < j; r++) {
        const off = r * 24;
        const t = dv.getUint32(off + 8, true) + dv.getInt32(off + 12, true) * 4294967296;
        if (t === last) continue;
        last = t;
        ts[k] = t;
        vs[k] = dv.getFloat64(off + 16, true);
        k++;
      }
      out.push({ labels, timestamps: ts.subarray(0, k), values: vs.subarray(0, k) });
    }
    i = j;
  }
  return out;
}
