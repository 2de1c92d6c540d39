import { describe, expect, it } from 'vitest';
import { SampleRowsEncoder } from './sample-encoder.js';
import { groupRows } from './querier.js';

describe('samples read back from RowBinary', () => {
  it('groups rows per series, orders them by time and keeps the first of equal timestamps', () => {
    const e = new SampleRowsEncoder(2);
    e.add(1, 0, 3000, 3);
    e.add(2, 7, 1000, 10);
    e.add(1, 0, 1000, 1);
    e.add(1, 0, 2000, 2);
    e.add(1, 0, 2000, 99);
    e.add(1, 0, 1795708009730, -1);
    const g = groupRows(e.bytes());
    expect([...g.keys()].sort()).toEqual(['1', String(7n * 4294967296n + 2n)]);
    expect(Array.from(g.get('1')!.timestamps)).toEqual([1000, 2000, 3000, 1795708009730]);
    expect(Array.from(g.get('1')!.values)).toEqual([1, 2, 3, -1]);
  });
});
