/**
 * Writes batches into the embedded TSDB with group commit: writes that arrive while an insert is
 * running are merged into the next one, so the engine gets few large inserts (its cost is per
 * insert and per part, not per row). Each write resolves once the insert holding it committed.
 *
 * Prometheus' ordering rules are checked when a write is accepted (JavaScript runs that check
 * to completion, so concurrent writes cannot interleave): a sample older than its series'
 * newest is out of order, a different value at the newest timestamp is a duplicate; an
 * identical duplicate is dropped silently. If an insert fails, the series states it advanced
 * are rolled back and every write of that group and the groups queued behind it is rejected
 * (retryable), so a retry is judged against what was really stored.
 */
import { ptrError } from '../../../errors/index.js';
import type { MetricBatch } from '../../../model/index.js';
import type { ClickHouseConnection } from '../../clickhouse/index.js';
import { RowBinaryWriter } from '../../clickhouse/index.js';
import { labelsKey } from '../batch-builder.js';
import type { MetricMetadataEntry, WriteOptions, WriteResult } from '../metric-store.js';
import { SampleRowsEncoder } from './sample-encoder.js';
import { EXEMPLARS_TABLE, METADATA_TABLE, SAMPLES_TABLE, SERIES_TABLE } from './schema.js';
import type { SeriesCache, SeriesState } from './series-cache.js';
import { dayOf } from './matchers-sql.js';

interface Undo {
  st: SeriesState;
  ts: number;
  bits: [number, number];
}

interface Group {
  samples: SampleRowsEncoder;
  series: RowBinaryWriter;
  seriesRows: number;
  newlyIndexed: [SeriesState, number][];
  exemplars: RowBinaryWriter;
  exemplarRows: number;
  metadata: RowBinaryWriter;
  metadataRows: number;
  undo: Undo[];
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

export interface WriterOptions {
  /** Samples accepted but not yet committed before writes are refused with PTR_ERR_OVERLOADED. */
  maxPendingSamples: number;
  /** How long a write may wait for others to share its insert. */
  lingerMs: number;
  /** Pending samples that start an insert at once. */
  flushSamples: number;
}

const bitsView = new DataView(new ArrayBuffer(8));
function bitsOf(v: number): [number, number] {
  bitsView.setFloat64(0, v);
  return [bitsView.getUint32(0), bitsView.getUint32(4)];
}

export function metadataFamily(name: string, type: string | undefined): string {
  if (type === 'histogram' || type === 'gaugehistogram') return name.replace(/_(bucket|sum|count)$/, '');
  if (type === 'summary') return name.replace(/_(sum|count)$/, '');
  return name;
}

export class EmbeddedWriter {
  private group: Group = newGroup();
  private queued: Group[] = [];
  private flushing: Promise<void> | undefined;
  private pendingSamples = 0;
  private readonly knownMetadata = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly conn: ClickHouseConnection,
    private readonly cache: SeriesCache,
    private readonly options: WriterOptions,
  ) {}

  write(batch: MetricBatch, options: WriteOptions = {}): Promise<WriteResult> {
    if (this.stopped) return Promise.reject(ptrError('PTR_ERR_NOT_READY', 'the metric store is stopping'));
    if (this.pendingSamples > 0 && this.pendingSamples + batch.count > this.options.maxPendingSamples) {
      return Promise.reject(ptrError('PTR_ERR_OVERLOADED', `metric store write queue is full (${this.pendingSamples} samples pending)`, { retryAfterSeconds: 1 }));
    }
    const policy = options.conflicts ?? 'skip';
    const tenant = batch.tenant;
    const states: SeriesState[] = batch.series.map((s) => this.cache.get(tenant, labelsKey(s.labels)));
    const g = this.group;
    const undoStart = g.undo.length;
    const result: WriteResult = { samplesWritten: 0, exemplarsWritten: 0, outOfOrder: 0, duplicates: 0 };
    const accepted = new Uint8Array(batch.count);
    for (let i = 0; i < batch.count; i++) {
      const si = batch.seriesIndex[i]!;
      const st = states[si]!;
      const ts = Math.floor(batch.timestampMs[i]!);
      const v = batch.value[i]!;
      if (!Number.isFinite(ts)) {
        result.outOfOrder++;
        result.firstConflict ??= `invalid timestamp for ${seriesText(batch, si)}`;
        continue;
      }
      const bits = bitsOf(v);
      if (ts < st.lastTs) {
        result.outOfOrder++;
        result.firstConflict ??= `out of order sample: ${seriesText(batch, si)} @ ${ts}`;
        continue;
      }
      if (ts === st.lastTs) {
        if (bits[0] !== st.lastValueBits[0] || bits[1] !== st.lastValueBits[1]) {
          result.duplicates++;
          result.firstConflict ??= `duplicate sample for timestamp: ${seriesText(batch, si)} @ ${ts}`;
        }
        continue;
      }
      g.undo.push({ st, ts: st.lastTs, bits: st.lastValueBits });
      st.lastTs = ts;
      st.lastValueBits = bits;
      accepted[i] = 1;
    }
    if (policy === 'reject' && result.firstConflict !== undefined) {
      rollback(g.undo, undoStart);
      g.undo.length = undoStart;
      return Promise.resolve(result);
    }
    const seenDay = new Set<string>();
    for (let i = 0; i < batch.count; i++) {
      if (!accepted[i]) continue;
      const si = batch.seriesIndex[i]!;
      const st = states[si]!;
      const ts = Math.floor(batch.timestampMs[i]!);
      g.samples.add(st.lo, st.hi, ts, batch.value[i]!);
      result.samplesWritten++;
      const day = dayOf(ts);
      if (st.indexedDay !== day && !seenDay.has(st.fp + ':' + day)) {
        seenDay.add(st.fp + ':' + day);
        const s = batch.series[si]!;
        const w = g.series;
        w.string(tenant);
        w.string(s.labels.find(([n]) => n === '__name__')?.[1] ?? '');
        w.u32(st.lo);
        w.u32(st.hi);
        w.u16(Math.max(0, day));
        w.varuint(s.labels.length);
        for (const [n, lv] of s.labels) {
          w.string(n);
          w.string(lv);
        }
        g.seriesRows++;
        g.newlyIndexed.push([st, day]);
      }
    }
    for (const e of batch.exemplars) {
      if (!accepted[e.sample]) continue;
      const st = states[batch.seriesIndex[e.sample]!]!;
      const w = g.exemplars;
      w.string(tenant);
      w.u32(st.lo);
      w.u32(st.hi);
      w.i64(BigInt(Math.floor(e.timestampMs)));
      w.f64(e.value);
      w.varuint(e.labels.length);
      for (const [n, lv] of e.labels) {
        w.string(n);
        w.string(lv);
      }
      g.exemplarRows++;
      result.exemplarsWritten++;
    }
    this.addMetadata(g, tenant, batch, options.metadata);
    this.pendingSamples += result.samplesWritten;
    const done = new Promise<void>((resolve, reject) => g.waiters.push({ resolve, reject }));
    this.schedule();
    return done.then(() => result);
  }

  private addMetadata(g: Group, tenant: string, batch: MetricBatch, extra: readonly MetricMetadataEntry[] | undefined): void {
    const entries: MetricMetadataEntry[] = [...(extra ?? [])];
    for (const s of batch.series) {
      if (!s.type && !s.help && !s.unit) continue;
      const name = s.labels.find(([n]) => n === '__name__')?.[1];
      if (!name) continue;
      entries.push({ metric: metadataFamily(name, s.type), type: s.type ?? 'unknown', help: s.help ?? '', unit: s.unit ?? '' });
    }
    const now = Math.floor(Date.now() / 1000);
    for (const m of entries) {
      const key = tenant + '\xff' + m.metric;
      const sig = `${m.type}\xff${m.help}\xff${m.unit}`;
      if (this.knownMetadata.get(key) === sig) continue;
      this.knownMetadata.set(key, sig);
      const w = g.metadata;
      w.string(tenant);
      w.string(m.metric);
      w.string(m.type);
      w.string(m.help);
      w.string(m.unit);
      w.u32(now);
      g.metadataRows++;
    }
  }

  private schedule(): void {
    if (this.flushing) return;
    // Linger briefly so that concurrent small writes (remote write sends ~2k samples a request)
    // become one insert: the engine's cost is per insert and per part, far more than per row.
    const linger = this.pendingSamples >= this.options.flushSamples ? 0 : this.options.lingerMs;
    this.flushing = new Promise<void>((resolve) => (linger > 0 ? setTimeout(resolve, linger) : setImmediate(resolve))).then(() => this.flushLoop());
  }

  private async flushLoop(): Promise<void> {
    try {
      for (;;) {
        const g = this.group;
        if (g.waiters.length === 0) return;
        this.group = newGroup();
        this.queued.push(g);
        try {
          await this.commit(g);
          for (const [st, day] of g.newlyIndexed) st.indexedDay = Math.max(st.indexedDay, day);
          this.queued.shift();
          this.pendingSamples -= g.samples.rows;
          for (const w of g.waiters) w.resolve();
        } catch (err) {
          // roll back this group and everything accepted after it, newest first
          const failed = [...this.queued, this.group];
          this.queued = [];
          this.group = newGroup();
          for (let i = failed.length - 1; i >= 0; i--) rollback(failed[i]!.undo, 0);
          this.knownMetadata.clear();
          this.pendingSamples = 0;
          const e = ptrError('PTR_ERR_STORAGE', `metric store insert failed: ${(err as Error).message}`, { cause: err });
          for (const f of failed) for (const w of f.waiters) w.reject(e);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async commit(g: Group): Promise<void> {
    if (g.seriesRows > 0) await this.conn.insert(SERIES_TABLE, 'RowBinary', g.series.bytes(), ['tenant', 'metric_name', 'fingerprint', 'day', 'labels']);
    if (g.metadataRows > 0) await this.conn.insert(METADATA_TABLE, 'RowBinary', g.metadata.bytes(), ['tenant', 'metric', 'type', 'help', 'unit', 'updated']);
    if (g.samples.rows > 0) await this.conn.insert(SAMPLES_TABLE, 'RowBinary', g.samples.bytes(), ['fingerprint', 'ts', 'value']);
    if (g.exemplarRows > 0) await this.conn.insert(EXEMPLARS_TABLE, 'RowBinary', g.exemplars.bytes(), ['tenant', 'fingerprint', 'ts', 'value', 'labels']);
  }

  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.flush();
  }
}

function newGroup(): Group {
  return {
    samples: new SampleRowsEncoder(),
    series: new RowBinaryWriter(64 * 1024),
    seriesRows: 0,
    newlyIndexed: [],
    exemplars: new RowBinaryWriter(1024),
    exemplarRows: 0,
    metadata: new RowBinaryWriter(1024),
    metadataRows: 0,
    undo: [],
    waiters: [],
  };
}

function rollback(undo: Undo[], from: number): void {
  for (let i = undo.length - 1; i >= from; i--) {
    const u = undo[i]!;
    u.st.lastTs = u.ts;
    u.st.lastValueBits = u.bits;
  }
}

function seriesText(batch: MetricBatch, si: number): string {
  const labels = batch.series[si]?.labels ?? [];
  const name = labels.find(([n]) => n === '__name__')?.[1] ?? '';
  return `${name}{${labels.filter(([n]) => n !== '__name__').map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(', ')}}`;
}
