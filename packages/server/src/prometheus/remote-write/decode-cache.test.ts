import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../ingest/protobuf/index.js';
import type { MetricBatch } from '../../model/index.js';
import { MetricBatchBuilder, STALE_NAN, isStaleNaN } from '../../store/metrics/batch-builder.js';
import { decodeWriteRequest } from './decode.js';
import { decodeWriteRequestV2 } from './decode-v2.js';
import { encodeWriteRequest } from './encode.js';
import { encodeWriteRequestV2 } from './encode-v2.js';
import { LabelSetCache } from './label-cache.js';

const limits = { maxLabelsPerSeries: 10, maxLabelValueLength: 100 };

function request(series: [string, string][][], t = 1000, value = 1): Uint8Array {
  const b = new MetricBatchBuilder('t');
  for (const labels of series) b.add(b.seriesFor(labels), t, value);
  return encodeWriteRequest(b.build());
}

/** A 1.0 TimeSeries written by hand: label pairs in the order given, a sample between them where asked. */
function rawSeries(w: ProtoWriter, parts: ([string, string] | 'sample')[]): void {
  const ts = w.beginLen(1);
  for (const p of parts) {
    if (p === 'sample') {
      const s = w.beginLen(2);
      w.doubleField(1, 5, true);
      w.int64Field(2, 1000n);
      w.endLen(s);
    } else {
      const l = w.beginLen(1);
      w.stringField(1, p[0], true);
      w.stringField(2, p[1], true);
      w.endLen(l);
    }
  }
  w.endLen(ts);
}

const labelsOf = (b: MetricBatch) => b.series.map((s) => s.labels);

describe('remote write decoding with the label-set cache', () => {
  const up: [string, string][] = [['__name__', 'up'], ['instance', 'a:9100'], ['job', 'node']];
  const other: [string, string][] = [['__name__', 'up'], ['instance', 'b:9100'], ['job', 'node']];

  it('decodes as without it, and reuses the same entries request after request', () => {
    const c = new LabelSetCache(limits);
    const body = request([up, other]);
    const plain = decodeWriteRequest(body, 't', limits).batch;
    const first = decodeWriteRequest(body, 't', limits, c).batch;
    const second = decodeWriteRequest(request([other, up], 2000, STALE_NAN), 't', limits, c).batch;
    expect(labelsOf(first)).toEqual(labelsOf(plain));
    expect(second.series[0]).toBe(first.series[1]);
    expect(second.series[1]).toBe(first.series[0]);
    expect(Array.from(second.timestampMs)).toEqual([2000, 2000]);
    expect(isStaleNaN(second.value[0]!) && isStaleNaN(second.value[1]!)).toBe(true);
  });

  it('never shares entries between tenants', () => {
    const c = new LabelSetCache(limits);
    const body = request([up]);
    const a = decodeWriteRequest(body, 'a', limits, c).batch;
    const b = decodeWriteRequest(body, 'b', limits, c).batch;
    expect(b.series[0]).not.toBe(a.series[0]);
    expect(b.series[0]!.labels).toEqual(a.series[0]!.labels);
    expect(decodeWriteRequest(body, 'a', limits, c).batch.series[0]).toBe(a.series[0]);
  });

  it('refuses an invalid label set on every request (only valid sets are cached)', () => {
    const c = new LabelSetCache(limits);
    const body = request([up, [['__name__', 'x'], ['bad-name', '1']]]);
    for (let i = 0; i < 2; i++) expect(() => decodeWriteRequest(body, 't', limits, c)).toThrow(/timeseries\[1\]: invalid label name "bad-name"/);
    const dup = new ProtoWriter();
    rawSeries(dup, [['__name__', 'x'], ['a', '1'], ['a', '2'], 'sample']);
    for (let i = 0; i < 2; i++) expect(() => decodeWriteRequest(dup.finish(), 't', limits, c)).toThrow(/timeseries\[0\]: duplicate label name "a"/);
  });

  it('uses a cache only with the limits it was made for', () => {
    const c = new LabelSetCache(limits);
    const body = request([up]);
    decodeWriteRequest(body, 't', limits, c);
    expect(() => decodeWriteRequest(body, 't', { ...limits, maxLabelsPerSeries: 2 }, c)).toThrow(/3 labels, limit is 2/);
  });

  it('sorts, drops empty values, and folds differently ordered bytes of one set into one series', () => {
    const c = new LabelSetCache(limits);
    for (let round = 0; round < 2; round++) {
      const w = new ProtoWriter();
      rawSeries(w, [['job', 'node'], ['__name__', 'up'], ['empty', ''], ['instance', 'a:9100'], 'sample']);
      rawSeries(w, [['__name__', 'up'], ['instance', 'a:9100'], ['job', 'node'], 'sample']);
      const { batch } = decodeWriteRequest(w.finish(), 't', limits, c);
      expect(labelsOf(batch)).toEqual([up]);
      expect(Array.from(batch.seriesIndex)).toEqual([0, 0]);
    }
  });

  it('decodes labels that follow other fields (not cached), with the labels before them', () => {
    const c = new LabelSetCache(limits);
    for (let round = 0; round < 2; round++) {
      const w = new ProtoWriter();
      rawSeries(w, [['__name__', 'up'], 'sample', ['job', 'node']]);
      rawSeries(w, ['sample', ['__name__', 'late']]);
      const { batch } = decodeWriteRequest(w.finish(), 't', limits, c);
      expect(labelsOf(batch)).toEqual([[['__name__', 'up'], ['job', 'node']], [['__name__', 'late']]]);
    }
  });

  it('shares entries between remote write 1.0 and 2.0 for the same label set', () => {
    const c = new LabelSetCache(limits);
    const b = new MetricBatchBuilder('t');
    b.add(b.seriesFor(up), 1000, 1);
    b.add(b.seriesFor(other), 1000, 2);
    const v1 = decodeWriteRequest(encodeWriteRequest(b.build()), 't', limits, c).batch;
    const v2 = decodeWriteRequestV2(encodeWriteRequestV2(b.build()), 't', limits, c).batch;
    const v2again = decodeWriteRequestV2(encodeWriteRequestV2(b.build()), 't', limits, c).batch;
    expect(v2.series[0]).toBe(v1.series[0]);
    expect(v2.series[1]).toBe(v1.series[1]);
    expect(v2again.series[0]).toBe(v1.series[0]);
    expect(Array.from(v2.value)).toEqual([1, 2]);
  });
});
