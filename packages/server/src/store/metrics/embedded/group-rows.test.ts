import { describe, expect, it } from 'vitest';
import { SampleRowsEncoder } from './sample-encoder.js';
import { compareLabels } from '../../../promql/labels.js';
import { groupRows, labelsSortKey } from './querier.js';

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

describe('series order', () => {
  it('sort keys order label sets exactly as compareLabels does', () => {
    const names = ['__name__', 'a', 'ab', 'b', 'job', 'jobx'];
    const values = ['', 'x', 'xy', 'y', 'é', '10', '9'];
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const sets: [string, string][][] = Array.from({ length: 300 }, () => {
      const picked = [...new Set(Array.from({ length: 1 + rnd(4) }, () => names[rnd(names.length)]!))].sort();
      return picked.map((n) => [n, values[rnd(values.length)]!] as [string, string]);
    });
    const byCompare = [...sets].sort(compareLabels).map((l) => JSON.stringify(l));
    const byKey = [...sets].sort((x, y) => (labelsSortKey(x) < labelsSortKey(y) ? -1 : labelsSortKey(x) > labelsSortKey(y) ? 1 : 0)).map((l) => JSON.stringify(l));
    expect(byKey).toEqual(byCompare);
  });

  it('orders a long series that arrives in several runs, keeping the first of equal timestamps', () => {
    const e = new SampleRowsEncoder(2000);
    for (let i = 0; i < 700; i += 2) e.add(1, 0, i, i);
    for (let i = 1; i < 700; i += 2) e.add(1, 0, i, i);
    e.add(1, 0, 10, -10); // a duplicate of ts 10 after the first
    const g = groupRows(e.bytes()).get('1')!;
    expect(g.timestamps.length).toBe(700);
    expect(Array.from(g.timestamps)).toEqual(Array.from({ length: 700 }, (_, i) => i));
    expect(g.values[10]).toBe(10);
  });
});
