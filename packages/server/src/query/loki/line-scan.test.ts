import { describe, expect, it } from 'vitest';
import { timeSlices } from './line-scan.js';

describe('line scan', () => {
  it('cuts a range into adjoining slices that cover it exactly, in either direction', () => {
    const s = timeSlices(10n, 109n, 3, 'forward');
    expect(s).toEqual([{ startNs: 10n, endNs: 42n }, { startNs: 43n, endNs: 75n }, { startNs: 76n, endNs: 109n }]);
    expect(timeSlices(10n, 109n, 3, 'backward')).toEqual([...s].reverse());
    expect(timeSlices(5n, 5n, 0, 'forward')).toEqual([{ startNs: 5n, endNs: 5n }]);
    // more slices than nanoseconds: no empty slice
    expect(timeSlices(0n, 2n, 10, 'forward').map((x) => [x.startNs, x.endNs])).toEqual([[0n, 0n], [1n, 1n], [2n, 2n]]);
  });
});
