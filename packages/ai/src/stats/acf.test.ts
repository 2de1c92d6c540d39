import { describe, expect, it } from 'vitest';
import { rng } from '../../test/rng.js';
import { autocorrelation, findPeriods } from './acf.js';

describe('autocorrelation', () => {
  it('of a sine with period 20 is cos(2πk/20) (up to the biased estimator)', () => {
    const x = Array.from({ length: 2000 }, (_, i) => Math.sin((2 * Math.PI * i) / 20));
    const r = autocorrelation(x, 40);
    expect(r[0]).toBeCloseTo(1, 10);
    expect(r[10]!).toBeCloseTo(-1 * (1 - 10 / 2000), 2);
    expect(r[20]!).toBeCloseTo(1 - 20 / 2000, 2);
  });

  it('is zero for a constant series', () => {
    expect(Array.from(autocorrelation(new Array(100).fill(5), 10))).toEqual(new Array(11).fill(0));
  });
});

describe('findPeriods', () => {
  it('finds a daily period of 24 in noisy hourly data with a trend', () => {
    const r = rng(1);
    const x = Array.from({ length: 24 * 14 }, (_, i) => 10 + 0.01 * i + 3 * Math.sin((2 * Math.PI * i) / 24) + r());
    expect(findPeriods(x)[0]).toBe(24);
  });

  it('finds daily and weekly periods when weekends differ', () => {
    const r = rng(2);
    const x = Array.from({ length: 24 * 7 * 6 }, (_, i) => {
      const weekend = Math.floor(i / 24) % 7 >= 5;
      return (weekend ? 0.3 : 1) * (5 + 4 * Math.sin((2 * Math.PI * i) / 24)) + 0.2 * r();
    });
    const p = findPeriods(x);
    expect(p[0]).toBe(24);
    expect(p).toContain(168);
  });

  it('finds nothing in white noise', () => {
    const r = rng(3);
    expect(findPeriods(Array.from({ length: 1000 }, () => r()))).toEqual([]);
  });
});
