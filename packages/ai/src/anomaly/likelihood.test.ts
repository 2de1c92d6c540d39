import { describe, expect, it } from 'vitest';
import { AnomalyLikelihood, erfc, logLikelihood, tailProbability } from './likelihood.js';

describe('anomaly likelihood', () => {
  it('erfc matches tabulated values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 7);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 5);
  });

  it('tail probability is one-sided: a lower score is as (un)likely as the mirrored higher one', () => {
    expect(tailProbability(0.2, 0.2, 0.1)).toBeCloseTo(0.5, 7);
    expect(tailProbability(0.3, 0.2, 0.1)).toBeCloseTo(0.158655253931457, 6); // 1 − Φ(1)
    expect(tailProbability(0.1, 0.2, 0.1)).toBeCloseTo(0.158655253931457, 6);
  });

  it("Numenta's log scale puts a tail probability of 1e-5 at 0.5", () => {
    expect(logLikelihood(1 - 1e-5)).toBeCloseTo(0.5, 4);
    expect(logLikelihood(0.5)).toBeCloseTo(Math.log(0.5) / -23.02585084720009, 9);
  });

  it('is 0.5 while learning, then judges the recent average against the fitted distribution', () => {
    const l = new AnomalyLikelihood();
    // Learning period 288 + 100 estimation samples.
    for (let i = 0; i < 388; i++) expect(l.update(0.2)).toBe(0.5);
    // Constant history: mean 0.2, variance 0 → floored at 0.0003.
    expect(l.update(0.2)).toBeCloseTo(0.5, 7);
    // One raw score of 0.3 lifts the 10-point average to 0.21: z = 0.01 / √0.0003.
    const expected = 1 - 0.5 * erfc(0.01 / (Math.sqrt(0.0003) * Math.SQRT2));
    expect(l.update(0.3)).toBeCloseTo(expected, 6);
    // A sustained jump is an anomaly on Numenta's scale.
    let last = 0;
    for (let i = 0; i < 5; i++) last = l.update(0.9);
    expect(logLikelihood(last)).toBeGreaterThan(0.5);
  });

  it('a noisy raw score that stays noisy is not anomalous', () => {
    const l = new AnomalyLikelihood();
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      const lik = l.update(i % 7 === 0 ? 0.8 : 0.1);
      if (i > 400) worst = Math.max(worst, logLikelihood(lik));
    }
    expect(worst).toBeLessThan(0.5);
  });
});
