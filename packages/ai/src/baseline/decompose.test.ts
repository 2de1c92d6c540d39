import { describe, expect, it } from 'vitest';
import { computeBaseline } from './baseline.js';
import { decompose, movingAverage, movingMedian, seasonalProfile } from './decompose.js';

describe('decomposition', () => {
  it('moving average and median of a line are the line, the ends carried from the nearest full window', () => {
    expect(Array.from(movingAverage([0, 1, 2, 3, 4, 5, 6], 3))).toEqual([1, 1, 2, 3, 4, 5, 5]);
    expect(Array.from(movingMedian([0, 1, 2, 3, 4, 5, 6], 3))).toEqual([1, 1, 2, 3, 4, 5, 5]);
    expect(Array.from(movingMedian([0, 1, 100, 3, 4], 3))).toEqual([1, 1, 3, 4, 4]);
  });

  it('seasonal profile of a repeated pattern is the pattern, centred', () => {
    const x = Array.from({ length: 40 }, (_, i) => [1, 5, 3, 3][i % 4]!);
    expect(Array.from(seasonalProfile(x, 4))).toEqual([-2, 2, 0, 0]);
  });

  it('recovers trend + season with residuals near zero and finds the period itself', () => {
    const x = Array.from({ length: 480 }, (_, i) => 100 + 0.5 * i + 10 * Math.sin((2 * Math.PI * i) / 48));
    const d = decompose(x);
    expect(d.period).toBe(48);
    for (let i = 48; i < 432; i++) expect(Math.abs(d.residual[i]!)).toBeLessThan(0.5);
  });

  it('baseline bands contain the normal points and not a spike', () => {
    const x = Array.from({ length: 480 }, (_, i) => 10 * Math.sin((2 * Math.PI * i) / 24) + (i % 5) * 0.1);
    x[300] = x[300]! + 20;
    const b = computeBaseline(x, 4);
    expect(b.periods[0]).toBe(24);
    expect(x[300]!).toBeGreaterThan(b.upper[300]!);
    expect(x[301]!).toBeLessThan(b.upper[301]!);
    expect(x[301]!).toBeGreaterThan(b.lower[301]!);
  });
});
