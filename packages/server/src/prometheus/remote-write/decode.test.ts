import { describe, expect, it } from 'vitest';
import { MetricBatchBuilder, STALE_NAN, isStaleNaN } from '../../store/metrics/batch-builder.js';
import { decodeWriteRequest } from './decode.js';
import { encodeWriteRequest } from './encode.js';
import { snappyDecode, snappyEncode } from './snappy.js';

const limits = { maxLabelsPerSeries: 10, maxLabelValueLength: 100 };

describe('remote write 1.0 WriteRequest', () => {
  it('round-trips series, samples (staleness markers included) and exemplars through snappy', () => {
    const b = new MetricBatchBuilder('t');
    const s = b.seriesFor([['__name__', 'up'], ['job', 'a']]);
    const r0 = b.add(s, 1000, 1);
    b.add(s, 2000, STALE_NAN);
    b.addExemplar({ sample: r0, labels: [['trace_id', 'abc']], value: 1, timestampMs: 1000 });
    const wire = snappyEncode(encodeWriteRequest(b.build()));
    const { batch } = decodeWriteRequest(snappyDecode(wire, 1 << 20), 'tenant-x', limits);
    expect(batch.tenant).toBe('tenant-x');
    expect(batch.series.map((x) => x.labels)).toEqual([[['__name__', 'up'], ['job', 'a']]]);
    expect(Array.from(batch.timestampMs)).toEqual([1000, 2000]);
    expect(batch.value[0]).toBe(1);
    expect(isStaleNaN(batch.value[1]!)).toBe(true);
    expect(batch.exemplars).toEqual([{ sample: 0, labels: [['trace_id', 'abc']], value: 1, timestampMs: 1000 }]);
  });

  it('refuses invalid and duplicate label names, naming the series', () => {
    const b = new MetricBatchBuilder('t');
    b.add(b.seriesFor([['__name__', 'ok']]), 1, 1);
    b.add(b.seriesFor([['__name__', 'x'], ['a', '1'], ['a', '2']]), 1, 1);
    expect(() => decodeWriteRequest(encodeWriteRequest(b.build()), 't', limits)).toThrow(/timeseries\[1\]: duplicate label name "a"/);
  });

  it('refuses a body larger than the limit once decompressed, and bytes that are not snappy', () => {
    const big = snappyEncode(new Uint8Array(4096));
    expect(() => snappyDecode(big, 1024)).toThrow(expect.objectContaining({ code: 'PTR_ERR_PAYLOAD_TOO_LARGE' }));
    expect(() => snappyDecode(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]), 1024)).toThrow(expect.objectContaining({ code: 'PTR_ERR_DECODE' }));
  });
});
