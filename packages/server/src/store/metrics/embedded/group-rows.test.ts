import { describe, expect, it } from 'vitest';
import { compareLabels } from '../../../promql/labels.js';
import { groupRows, labelsSortKey } from './querier.js';

/** Rows as a select returns them: RowBinary (fingerprint UInt64, ts Int64, value Float64). */
class QueryRows {
  private readonly rows: Buffer[] = [];
  add(lo: number, hi: number, ts: number, value: number): void {
    const b = Buffer.alloc(24);
    b.writeUInt32LE(lo, 0);
    b.writeUInt32LE(hi, 4);
    b.writeBigInt64LE(BigInt(ts), 8);
    b.writeDoubleLE(value, 16);
    this.rows.push(b);
  }
  bytes(): Buffer {
    return Buffer.concat(this.rows);
  }
}

describe('samples read back from RowBinary', () => {
  it('groups rows per series, orders them by time and keeps the first of equal timestamps', () => {
    const e = new QueryRows();
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
    const e = new QueryRows();
    for (let i = 0; i < 700; i += 2) e.add(1, 0, i, i);
    for (let i = 1; i < 700; i += 2) e.add(1, 0, i, i);
    e.add(1, 0, 10, -10); // a duplicate of ts 10 after the first
    const g = groupRows(e.bytes()).get('1')!;
    expect(g.timestamps.length).toBe(700);
    expect(Array.from(g.timestamps)).toEqual(Array.from({ length: 700 }, (_, i) => i));
    expect(g.values[10]).toBe(10);
  });

  it('orders series of random runs as a stable sort would, first of equal timestamps kept', () => {
    let seed = 11;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let round = 0; round < 200; round++) {
      const e = new QueryRows();
      const expected = new Map<number, [number, number][]>();
      const runs = 1 + rnd(6);
      let v = 0;
      for (let r = 0; r < runs; r++) {
        for (const series of [1, 2]) {
          // a sorted run of series `series`, overlapping the others in time, duplicates possible
          let t = rnd(50);
          for (let k = rnd(20); k > 0; k--) {
            e.add(series, 0, t, ++v);
            (expected.get(series) ?? expected.set(series, []).get(series)!).push([t, v]);
            t += rnd(3);
          }
        }
      }
      const g = groupRows(e.bytes());
      for (const [series, rows] of expected) {
        const firsts = new Map<number, number>();
        for (const [t, val] of rows) if (!firsts.has(t)) firsts.set(t, val);
        const want = [...firsts.entries()].sort((a, b) => a[0] - b[0]);
        const got = g.get(String(series))!;
        expect(Array.from(got.timestamps)).toEqual(want.map(([t]) => t));
        expect(Array.from(got.values)).toEqual(want.map(([, val]) => val));
      }
    }
  });
});
