import { describe, expect, it } from 'vitest';
import { searchWindows } from './search-windows.js';

const MIN = 60_000_000_000n;

describe('searchWindows', () => {
  it('covers the range newest first, without gaps or overlap, growing by 4 from 15 seconds', () => {
    const range = { startNs: 1_000n, endNs: 1_000n + 120n * MIN - 1n };
    const w = searchWindows(range);
    expect(w.map((x) => (x.endNs - x.startNs + 1n) * 4n / MIN)).toEqual([1n, 4n, 16n, 64n, 256n, 139n]);
    expect(w[0]!.endNs).toBe(range.endNs);
    expect(w.at(-1)!.startNs).toBe(range.startNs);
    for (let i = 1; i < w.length; i++) expect(w[i]!.endNs).toBe(w[i - 1]!.startNs - 1n);
  });

  it('gives one window for a range shorter than 15 seconds, including a single instant', () => {
    expect(searchWindows({ startNs: 5n, endNs: 10n })).toEqual([{ startNs: 5n, endNs: 10n }]);
    expect(searchWindows({ startNs: 7n, endNs: 7n })).toEqual([{ startNs: 7n, endNs: 7n }]);
  });

  it('gives nothing for an empty range', () => {
    expect(searchWindows({ startNs: 10n, endNs: 9n })).toEqual([]);
  });
});
