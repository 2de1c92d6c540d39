import { describe, expect, it } from 'vitest';
import { MAD_TO_SIGMA, median, quantile, robustScale, robustZ } from './robust.js';

describe('robust statistics', () => {
  it('median and quantile of known data, ignoring non-finite values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, NaN, 3, Infinity])).toBe(2);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });

  it('MAD scaled to sigma: median |x − 3| of [1..5] is 1', () => {
    const r = robustScale([1, 2, 3, 4, 5]);
    expect(r.median).toBe(3);
    expect(r.sigma).toBeCloseTo(MAD_TO_SIGMA, 12);
  });

  it('one outlier does not move the robust scale', () => {
    expect(robustScale([1, 2, 3, 4, 5, 1e9]).sigma).toBeCloseTo(robustScale([1, 2, 3, 4, 5, 6]).sigma, 12);
  });

  it('falls back to the mean absolute deviation when most values are equal', () => {
    const r = robustScale([0, 0, 0, 0, 0, 0, 10]);
    expect(r.median).toBe(0);
    expect(r.sigma).toBeCloseTo((10 / 7) * Math.sqrt(Math.PI / 2), 12);
  });

  it('z-score', () => {
    expect(robustZ(7, 3, 2)).toBe(2);
    expect(robustZ(3, 3, 0)).toBe(0);
    expect(robustZ(4, 3, 0)).toBe(Infinity);
  });
});
