import { describe, expect, it } from 'vitest';
import { cusumChangePoints } from './cusum.js';

describe('CUSUM change points', () => {
  it('finds a shift of +2σ at index 50 and a return at 120', () => {
    const z = Array.from({ length: 200 }, (_, i) => (i >= 50 && i < 120 ? 2 : 0) + (i % 2 === 0 ? 0.3 : -0.3));
    const cps = cusumChangePoints(z);
    expect(cps.map((c) => c.direction)).toEqual(['up', 'down']);
    expect(Math.abs(cps[0]!.index - 50)).toBeLessThanOrEqual(1);
    expect(Math.abs(cps[1]!.index - 120)).toBeLessThanOrEqual(1);
  });

  it('stays silent on noise within the allowance', () => {
    const z = Array.from({ length: 500 }, (_, i) => (i % 3) - 1);
    expect(cusumChangePoints(z)).toEqual([]);
  });
});
