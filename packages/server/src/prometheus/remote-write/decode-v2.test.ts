import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../ingest/protobuf/index.js';
import { MetricBatchBuilder, STALE_NAN, isStaleNaN } from '../../store/metrics/batch-builder.js';
import { decodeWriteRequestV2 } from './decode-v2.js';
import { encodeWriteRequestV2 } from './encode-v2.js';
import { LabelSetCache } from './label-cache.js';
import { snappyDecode, snappyEncode } from './snappy.js';

const limits = { maxLabelsPerSeries: 10, maxLabelValueLength: 100 };

describe('remote write 2.0 Request', () => {
  it('round-trips series through the symbol table: samples, staleness markers, exemplars, metadata', () => {
    const b = new MetricBatchBuilder('t');
    const up = b.seriesFor([['__name__', 'up'], ['job', 'a']]);
    const r0 = b.add(up, 1000, 1);
    b.add(up, 2000, STALE_NAN);
    b.addExemplar({ sample: r0, labels: [['trace_id', 'abc']], value: 1, timestampMs: 1000 });
    b.add(b.seriesFor([['__name__', 'up'], ['job', 'b']]), 1000, 0);
    const wire = snappyEncode(encodeWriteRequestV2(b.build(), { up: { type: 'gauge', help: 'Target is up.' } }));
    const d = decodeWriteRequestV2(snappyDecode(wire, 1 << 20), 'tenant-x', limits);
    expect(d.batch.tenant).toBe('tenant-x');
    expect(d.batch.series.map((x) => x.labels)).toEqual([
      [['__name__', 'up'], ['job', 'a']],
      [['__name__', 'up'], ['job', 'b']],
    ]);
    expect(Array.from(d.batch.timestampMs)).toEqual([1000, 2000, 1000]);
    expect(d.batch.value[0]).toBe(1);
    expect(isStaleNaN(d.batch.value[1]!)).toBe(true);
    expect(d.batch.value[2]).toBe(0);
    expect(d.batch.exemplars).toEqual([{ sample: 0, labels: [['trace_id', 'abc']], value: 1, timestampMs: 1000 }]);
    expect(d.exemplars).toBe(1);
    expect(d.metadata).toEqual([
      { metric: 'up', type: 'gauge', help: 'Target is up.', unit: '' },
      { metric: 'up', type: 'gauge', help: 'Target is up.', unit: '' },
    ]);
    expect(d.histogramsDropped).toBe(0);
  });

  it('reads symbols that come after the series on the wire, and counts native histograms', () => {
    const w = new ProtoWriter();
    const ts = w.beginLen(5);
    const refs = w.beginLen(1);
    for (const r of [1, 2]) w.varint(r);
    w.endLen(refs);
    const s = w.beginLen(2);
    w.doubleField(1, 7, true);
    w.int64Field(2, 5000n);
    w.endLen(s);
    const h = w.beginLen(3); // a native histogram: not stored
    w.uint32Field(1, 3);
    w.endLen(h);
    w.endLen(ts);
    for (const sym of ['', '__name__', 'late_symbols']) w.stringField(4, sym, true);
    const d = decodeWriteRequestV2(w.finish(), 't', limits);
    expect(d.batch.series.map((x) => x.labels)).toEqual([[['__name__', 'late_symbols']]]);
    expect(d.batch.value[0]).toBe(7);
    expect(d.histogramsDropped).toBe(1);
  });

  it('refuses references outside the symbol table, odd reference lists and invalid labels, naming the series', () => {
    const bad = (refsOf: number[], symbols = ['', '__name__', 'x', 'bad-name']): Uint8Array => {
      const w = new ProtoWriter();
      for (const sym of symbols) w.stringField(4, sym, true);
      const ts = w.beginLen(5);
      const refs = w.beginLen(1);
      for (const r of refsOf) w.varint(r);
      w.endLen(refs);
      w.endLen(ts);
      return w.finish();
    };
    // without and with a label-set cache, twice: an invalid set is never cached, so it is refused every time
    for (const cache of [undefined, new LabelSetCache(limits)]) {
      for (let i = 0; i < 2; i++) {
        expect(() => decodeWriteRequestV2(bad([1, 9]), 't', limits, cache)).toThrow(/timeseries\[0\]: label reference 9 is outside the 4 symbols/);
        expect(() => decodeWriteRequestV2(bad([1, 2, 3]), 't', limits, cache)).toThrow(/timeseries\[0\]: 3 label references, expected pairs/);
        expect(() => decodeWriteRequestV2(bad([1, 2, 3, 2]), 't', limits, cache)).toThrow(/timeseries\[0\]: invalid label name "bad-name"/);
        expect(() => decodeWriteRequestV2(bad([1, 2], ['x', '__name__', 'y']), 't', limits, cache)).toThrow(/symbols\[0\] must be the empty string/);
        expect(() => decodeWriteRequestV2(new Uint8Array([0x2a, 0x05, 0x01]), 't', limits, cache)).toThrow(expect.objectContaining({ code: 'PTR_ERR_DECODE' }));
      }
    }
  });
});
