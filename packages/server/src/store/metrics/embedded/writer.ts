/**
 * Accepts batches into the embedded TSDB: each write is checked against Prometheus' ordering
 * rules, encoded as the RowBinary rows it adds, appended to the write-ahead log (wal.ts) and
 * acknowledged as soon as that append returned; the Committer inserts the rows into the engine
 * later, in large groups. So an acknowledgement costs one write(2), not one insert.
 *
 * The ordering check runs to completion before the append (JavaScript does not interleave it
 * with other writes): a sample older than its series' newest is out of order, a different value
 * at the newest timestamp is a duplicate; an identical duplicate is dropped silently. If the
 * append fails, the series states this write advanced are rolled back and the write is rejected
 * (retryable), so a retry is judged against what was really logged. Once acknowledged, a write is
 * never rolled back: a failed insert is retried from memory, with the WAL as the durable copy.
 */
import { ptrError } from '../../../errors/index.js';
import type { MetricBatch } from '../../../model/index.js';
import { RowBinaryWriter } from '../../clickhouse/index.js';
import { ReusableSeriesEntry, seriesKey } from '../batch-builder.js';
import type { MetricMetadataEntry, WriteOptions, WriteResult } from '../metric-store.js';
import { SampleRowsEncoder } from './sample-encoder.js';
import type { SeriesCache, SeriesState } from './series-cache.js';
import { dayOf } from './matchers-sql.js';
import type { Committer } from './committer.js';
import type { Wal } from './wal.js';

export interface WriterOptions {
  /** Samples acknowledged but not yet committed before writes are refused with PTR_ERR_OVERLOADED. */
  maxPendingSamples: number;
  /**
   * Told the labels of each series whose index row a write logged (its first write of a day, or
   * after it was evicted), so that queries find them without a lookup in the engine.
   */
  onIndexed?(fingerprint: string, labels: readonly (readonly [string, string])[]): void;
}

// the bit pattern of a value, without allocating: NaNs (staleness markers) must compare exactly
const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);

export function metadataFamily(name: string, type: string | undefined): string {
  if (type === 'histogram' || type === 'gaugehistogram') return name.replace(/_(bucket|sum|count)$/, '');
  if (type === 'summary') return name.replace(/_(sum|count)$/, '');
  return name;
}

export class EmbeddedWriter {
  private readonly knownMetadata = new Map<string, string>();
  private stopped = false;
  // scratch encoders, reused by every write (a write is encoded and logged synchronously)
  private readonly samples = new SampleRowsEncoder();
  private readonly series = new RowBinaryWriter(64 * 1024);
  private readonly exemplars = new RowBinaryWriter(1024);
  private readonly metadata = new RowBinaryWriter(1024);

  constructor(
    private readonly wal: Wal,
    private readonly committer: Committer,
    private readonly cache: SeriesCache,
    private readonly options: WriterOptions,
  ) {}

  private states: SeriesState[] = [];
  private accepted = new Uint8Array(1024);
  private prevTs = new Float64Array(1024);
  private prevBits = new Uint32Array(2048);

  /** Grows the scratch arrays to a batch's series and samples. */
  private reserve(series: number, samples: number): void {
    if (this.states.length < series) this.states.length = series;
    if (this.accepted.length < samples) {
      const n = Math.max(samples, this.accepted.length * 2);
      this.accepted = new Uint8Array(n);
      this.prevTs = new Float64Array(n);
      this.prevBits = new Uint32Array(2 * n);
    }
  }

  async write(batch: MetricBatch, options: WriteOptions = {}): Promise<WriteResult> {
    if (this.stopped) throw ptrError('PTR_ERR_NOT_READY', 'the metric store is stopping');
    const pending = this.committer.pendingSamples;
    if (pending > 0 && pending + batch.count > this.options.maxPendingSamples) {
      const why = this.committer.lastError !== undefined ? `inserts are failing (${(this.committer.lastError as Error).message})` : 'inserts are behind';
      throw ptrError('PTR_ERR_OVERLOADED', `metric store write queue is full (${pending} samples pending, ${why})`, { retryAfterSeconds: 1 });
    }
    const policy = options.conflicts ?? 'skip';
    const tenant = batch.tenant;
    const nSeries = batch.series.length;
    const n = batch.count;
    this.reserve(nSeries, n);
    // scratch, reused by every write (it runs synchronously up to the WAL append)
    const states = this.states;
    const known = this.cache.tenant(tenant);
    for (let si = 0; si < nSeries; si++) {
      // a reusable entry keeps its state: no key lookup while the cache still holds it
      const entry = batch.series[si]!;
      const reusable = entry instanceof ReusableSeriesEntry ? entry : undefined;
      let st = reusable?.stateFor(known) as SeriesState | undefined;
      if (st !== undefined && !st.evicted) st.used = true;
      else {
        st = known.get(seriesKey(entry));
        reusable?.keepState(known, st);
      }
      states[si] = st;
    }
    const result: WriteResult = { samplesWritten: 0, exemplarsWritten: 0, outOfOrder: 0, duplicates: 0 };
    // per sample: accepted, and the series state it replaced (to roll back if the write fails)
    const accepted = this.accepted;
    const prevTs = this.prevTs;
    const prevBits = this.prevBits;
    accepted.fill(0, 0, n);
    for (let i = 0; i < n; i++) {
      const si = batch.seriesIndex[i]!;
      const st = states[si]!;
      const ts = Math.floor(batch.timestampMs[i]!);
      if (!Number.isFinite(ts)) {
        result.outOfOrder++;
        result.firstConflict ??= `invalid timestamp for ${seriesText(batch, si)}`;
        continue;
      }
      bitsF64[0] = batch.value[i]!;
      const lo = bitsU32[0]!;
      const hi = bitsU32[1]!;
      if (ts < st.lastTs) {
        result.outOfOrder++;
        result.firstConflict ??= `out of order sample: ${seriesText(batch, si)} @ ${ts}`;
        continue;
      }
      if (ts === st.lastTs) {
        if (hi !== st.lastHi || lo !== st.lastLo) {
          result.duplicates++;
          result.firstConflict ??= `duplicate sample for timestamp: ${seriesText(batch, si)} @ ${ts}`;
        }
        continue;
      }
      prevTs[i] = st.lastTs;
      prevBits[2 * i] = st.lastHi;
      prevBits[2 * i + 1] = st.lastLo;
      st.lastTs = ts;
      st.lastHi = hi;
      st.lastLo = lo;
      accepted[i] = 1;
    }
    const rollback = (): void => {
      // newest first, so that a series with several samples ends at its state before the write
      for (let i = n - 1; i >= 0; i--) {
        if (!accepted[i]) continue;
        const st = states[batch.seriesIndex[i]!]!;
        st.lastTs = prevTs[i]!;
        st.lastHi = prevBits[2 * i]!;
        st.lastLo = prevBits[2 * i + 1]!;
      }
    };
    if (policy === 'reject' && result.firstConflict !== undefined) {
      rollback();
      return result;
    }
    const samples = this.samples;
    const series = this.series;
    const exemplars = this.exemplars;
    samples.reset();
    series.reset();
    exemplars.reset();
    let seriesRows = 0;
    // index rows this write encodes: a series' samples in a write are in time order, so its days
    // only rise and pendingDay (reset below whatever happens) tells a day already encoded
    const newlyIndexed: [SeriesState, number, number][] = [];
    try {
      for (let i = 0; i < n; i++) {
        if (!accepted[i]) continue;
        const si = batch.seriesIndex[i]!;
        const st = states[si]!;
        const ts = Math.floor(batch.timestampMs[i]!);
        samples.add(st.lo, st.hi, ts, batch.value[i]!, st.metric);
        result.samplesWritten++;
        const day = dayOf(ts);
        if (st.indexedDay !== day && st.pendingDay !== day) {
          st.pendingDay = day;
          const s = batch.series[si]!;
          series.string(tenant);
          series.string(s.labels.find(([n]) => n === '__name__')?.[1] ?? '');
          series.u32(st.lo);
          series.u32(st.hi);
          series.u16(Math.max(0, day));
          series.varuint(s.labels.length);
          for (const [n, lv] of s.labels) {
            series.string(n);
            series.string(lv);
          }
          seriesRows++;
          newlyIndexed.push([st, day, si]);
        }
      }
      return this.finish(batch, options, result, seriesRows, newlyIndexed, rollback);
    } finally {
      for (const [st] of newlyIndexed) st.pendingDay = -1;
    }
  }

  /** Exemplar and metadata rows, then the WAL append that makes the write durable. */
  private finish(batch: MetricBatch, options: WriteOptions, result: WriteResult, seriesRows: number, newlyIndexed: readonly [SeriesState, number, number][], rollback: () => void): WriteResult {
    const tenant = batch.tenant;
    const states = this.states;
    const accepted = this.accepted;
    const samples = this.samples;
    const series = this.series;
    const exemplars = this.exemplars;
    let exemplarRows = 0;
    for (const e of batch.exemplars) {
      if (!accepted[e.sample]) continue;
      const st = states[batch.seriesIndex[e.sample]!]!;
      exemplars.string(tenant);
      exemplars.u32(st.lo);
      exemplars.u32(st.hi);
      exemplars.i64(BigInt(Math.floor(e.timestampMs)));
      exemplars.f64(e.value);
      exemplars.varuint(e.labels.length);
      for (const [n, lv] of e.labels) {
        exemplars.string(n);
        exemplars.string(lv);
      }
      exemplarRows++;
      result.exemplarsWritten++;
    }
    const newMetadata = this.encodeMetadata(tenant, batch, options.metadata);
    if (result.samplesWritten === 0 && exemplarRows === 0 && newMetadata.length === 0) return result;
    const rows = {
      samples: samples.bytes(),
      sampleRows: samples.rows,
      series: series.bytes(),
      seriesRows,
      metadata: this.metadata.bytes(),
      metadataRows: newMetadata.length,
      exemplars: exemplars.bytes(),
      exemplarRows,
    };
    let segment: number;
    try {
      segment = this.wal.append(rows);
    } catch (err) {
      rollback();
      throw ptrError('PTR_ERR_STORAGE', `metric WAL append failed: ${(err as Error).message}`, { cause: err });
    }
    // logged: the write is durable and its effects on the writer's state are final
    for (const [st, day] of newlyIndexed) st.indexedDay = Math.max(st.indexedDay, day);
    const onIndexed = this.options.onIndexed;
    if (onIndexed) for (const [st, , si] of newlyIndexed) onIndexed(st.fp, batch.series[si]!.labels);
    for (const [key, sig] of newMetadata) this.knownMetadata.set(key, sig);
    this.committer.add(rows, segment);
    return result;
  }

  /** Encodes metadata rows that differ from what was last logged; returns their cache entries. */
  private encodeMetadata(tenant: string, batch: MetricBatch, extra: readonly MetricMetadataEntry[] | undefined): [string, string][] {
    const w = this.metadata;
    w.reset();
    const entries: MetricMetadataEntry[] = [...(extra ?? [])];
    for (const s of batch.series) {
      if (!s.type && !s.help && !s.unit) continue;
      const name = s.labels.find(([n]) => n === '__name__')?.[1];
      if (!name) continue;
      entries.push({ metric: metadataFamily(name, s.type), type: s.type ?? 'unknown', help: s.help ?? '', unit: s.unit ?? '' });
    }
    if (entries.length === 0) return [];
    const now = Math.floor(Date.now() / 1000);
    const added: [string, string][] = [];
    const inWrite = new Map<string, string>();
    for (const m of entries) {
      const key = tenant + '\xff' + m.metric;
      const sig = `${m.type}\xff${m.help}\xff${m.unit}`;
      if ((inWrite.get(key) ?? this.knownMetadata.get(key)) === sig) continue;
      inWrite.set(key, sig);
      w.string(tenant);
      w.string(m.metric);
      w.string(m.type);
      w.string(m.help);
      w.string(m.unit);
      w.u32(now);
      added.push([key, sig]);
    }
    return added;
  }

  /** Refuses new writes from now on. */
  stop(): void {
    this.stopped = true;
  }
}

function seriesText(batch: MetricBatch, si: number): string {
  const labels = batch.series[si]?.labels ?? [];
  const name = labels.find(([n]) => n === '__name__')?.[1] ?? '';
  return `${name}{${labels.filter(([n]) => n !== '__name__').map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(', ')}}`;
}
