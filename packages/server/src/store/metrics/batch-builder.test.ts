import { describe, expect, it } from 'vitest';
import { MetricBatchBuilder, labelsKey, reusableSeriesEntry, seriesKey } from './batch-builder.js';

const up = (): [string, string][] => [['__name__', 'up'], ['job', 'a']];

describe('MetricBatchBuilder with reusable series entries', () => {
  it('adds a reusable entry itself, once per batch, frozen and compared as plain labels', () => {
    const e = reusableSeriesEntry(up());
    expect(Object.isFrozen(e)).toBe(true);
    expect(seriesKey(e)).toBe(labelsKey(up()));
    for (let round = 0; round < 2; round++) {
      const b = new MetricBatchBuilder('t');
      expect(b.seriesForEntry(e)).toBe(0);
      b.add(0, 1, 1);
      expect(b.seriesForEntry(e)).toBe(0);
      const batch = b.build();
      expect(batch.series).toHaveLength(1);
      expect(batch.series[0]).toBe(e);
      expect(batch.series[0]).toEqual({ labels: up() });
    }
  });

  it('names a label set once, however its entries were made', () => {
    const e1 = reusableSeriesEntry(up());
    const e2 = reusableSeriesEntry(up());
    const b = new MetricBatchBuilder('t');
    expect(b.seriesForEntry(e1)).toBe(0);
    expect(b.seriesForEntry(e2)).toBe(0);
    expect(b.seriesFor(up())).toBe(0);
    expect(b.seriesFor([['__name__', 'other']])).toBe(1);
    expect(b.seriesForEntry(reusableSeriesEntry([['__name__', 'other']]))).toBe(1);
    const c = new MetricBatchBuilder('t');
    expect(c.seriesFor([['__name__', 'first']])).toBe(0);
    expect(c.seriesForEntry(e1)).toBe(1);
    expect(c.seriesFor(up())).toBe(1);
  });

  it('stays right when builders take turns with the same entries', () => {
    const e = reusableSeriesEntry(up());
    const f = reusableSeriesEntry([['__name__', 'f']]);
    const a = new MetricBatchBuilder('t');
    const b = new MetricBatchBuilder('t');
    expect(a.seriesForEntry(f)).toBe(0);
    expect(a.seriesForEntry(e)).toBe(1);
    expect(b.seriesForEntry(e)).toBe(0);
    expect(a.seriesForEntry(e)).toBe(1);
    expect(a.seriesForEntry(f)).toBe(0);
    expect(b.seriesForEntry(f)).toBe(1);
    expect(a.build().series).toEqual([f, e]);
    expect(b.build().series).toEqual([e, f]);
  });
});
