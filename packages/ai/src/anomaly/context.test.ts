import { describe, expect, it } from 'vitest';
import { ContextNovelty, NoveltyBurst, poissonTail } from './context.js';

describe('context novelty', () => {
  it('flags a context the first time it is seen and never again', () => {
    const c = new ContextNovelty({ levels: 4, order: 2 });
    // Buckets: 0 (no range yet), 0 (range of one value), then 0 → 1 and 10 → 5 in the range [0, 10].
    const flags = [0, 10, 0, 10, 0, 10, 0, 10].map((v) => c.update(v));
    // Contexts: –, (0,0), (0,1), (1,5), (5,1), (1,5) again, (5,1) again, …
    expect(flags).toEqual([0, 1, 1, 1, 1, 0, 0, 0]);
    // A value in the middle of the range is a new bucket (3), so a new context.
    expect(c.update(5)).toBe(1);
    expect(c.update(10)).toBe(1); // (3,5) is new too
    expect(c.update(0)).toBe(0); // (5,1) is known
  });

  it('Poisson tail probabilities', () => {
    expect(poissonTail(0, 0.3)).toBe(1);
    expect(poissonTail(1, 0.3)).toBeCloseTo(1 - Math.exp(-0.3), 12);
    expect(poissonTail(2, 1)).toBeCloseTo(1 - 2 / Math.E, 12);
  });

  it('a burst of new contexts after a long quiet stretch is improbable; the usual rate is not', () => {
    const b = new NoveltyBurst(10, 20);
    for (let i = 0; i < 20; i++) expect(b.update(1)).toBe(1); // learning
    for (let i = 0; i < 2000; i++) b.update(i % 100 === 0 ? 1 : 0); // usual rate: 1 in 100
    expect(b.update(1)).toBeGreaterThan(0.01);
    b.update(1);
    const third = b.update(1);
    // Rate ≈ 21/2001 per point → λ ≈ 0.105 per 10 points; P(X ≥ 3) ≈ λ³/6.
    expect(third).toBeLessThan(3e-4);
    b.update(1);
    expect(b.update(1)).toBeLessThan(1e-5);
  });
});
