/**
 * What both remote-write decoders (1.0 and 2.0) gather for one series before it is added to the
 * batch: its samples and exemplars. Values stay in a Float64Array: a plain JS array of doubles
 * canonicalises NaN payloads, which would erase the staleness marker's bit pattern.
 */
import { type ProtoReader, WireType } from '../../ingest/protobuf/index.js';
import type { SeriesEntry } from '../../model/index.js';
import type { MetricBatchBuilder } from '../../store/metrics/batch-builder.js';

const tag = (f: number, wt: number): number => (f << 3) | wt;

/**
 * An int64 varint as a number, without the BigInt that ProtoReader.int64 makes (millisecond
 * timestamps take 6 bytes, so every sample allocated one). Up to 8 bytes (56 bits) the sum below
 * rounds once, exactly as Number(bigint) does; longer varints (negative values, 2^56 and more)
 * and truncated ones go through int64, from the same position.
 */
export function int64Number(r: ProtoReader): number {
  const buf = r.buf;
  let pos = r.pos;
  const end = Math.min(r.end, pos + 8);
  let result = 0;
  let mul = 1;
  while (pos < end) {
    const b = buf[pos++]!;
    result += (b & 0x7f) * mul;
    if (b < 0x80) {
      r.pos = pos;
      return result;
    }
    mul *= 128;
  }
  return Number(r.int64());
}

export interface PendingExemplar {
  labels: [string, string][];
  value: number;
  ts: number;
}

/** One per request, reset for each series (an allocation per series showed in profiles). */
export class SeriesSamples {
  /** Samples read for the current series. */
  count = 0;
  // typed arrays and a count: setting a plain array's length to 0 per series was a runtime call
  private ts = new Float64Array(16);
  private vs = new Float64Array(16);
  readonly exemplars: PendingExemplar[] = [];

  reset(): this {
    this.count = 0;
    if (this.exemplars.length > 0) this.exemplars.length = 0;
    return this;
  }

  /** Reads one `Sample { double value = 1; int64 timestamp = 2; }` (the same in 1.0 and 2.0). */
  readSample(r: ProtoReader, end: number): void {
    let value = 0;
    let timestamp = 0;
    while (r.pos < end) {
      const st = r.tag();
      if (st === tag(1, WireType.Fixed64)) value = r.double();
      else if (st === tag(2, WireType.Varint)) timestamp = int64Number(r);
      else r.skip(st & 7);
    }
    const n = this.count;
    if (n === this.vs.length) {
      const vs = new Float64Array(n * 2);
      vs.set(this.vs);
      this.vs = vs;
      const ts = new Float64Array(n * 2);
      ts.set(this.ts);
      this.ts = ts;
    }
    this.vs[n] = value;
    this.ts[n] = timestamp;
    this.count = n + 1;
  }

  /** Adds the series' samples and exemplars to the batch (nothing without samples). */
  addTo(b: MetricBatchBuilder, labels: [string, string][]): void {
    if (this.count > 0) this.addRows(b, b.seriesFor(labels));
  }

  /** The same for a series entry reused across requests (LabelSetCache). */
  addToEntry(b: MetricBatchBuilder, entry: SeriesEntry): void {
    if (this.count > 0) this.addRows(b, b.seriesForEntry(entry));
  }

  private addRows(b: MetricBatchBuilder, si: number): void {
    const n = this.count;
    const first = b.add(si, this.ts[0]!, this.vs[0]!);
    for (let i = 1; i < n; i++) b.add(si, this.ts[i]!, this.vs[i]!);
    if (this.exemplars.length === 0) return;
    for (const e of this.exemplars) {
      // attach each exemplar to the sample at its timestamp, else to the series' first sample
      const k = this.ts.subarray(0, n).indexOf(e.ts);
      b.addExemplar({ sample: k >= 0 ? first + k : first, labels: e.labels, value: e.value, timestampMs: e.ts });
    }
  }
}
