import { describe, expect, it } from 'vitest';
import { rng } from '../../test/rng.js';
import { detectAnomalies } from './detector.js';
import { squash } from './ensemble.js';

/** Uniform noise in [0, 1] with the given points replaced. */
function noise(n: number, seed: number, set: Record<number, number> = {}): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => set[i] ?? r());
}

describe('ensemble detector (the default method)', () => {
  it('maps multiples of an alarm level to scores with the alarm at 0.5', () => {
    expect(squash(0)).toBe(0);
    expect(squash(1)).toBe(0.5);
    expect(squash(4)).toBe(0.8);
    expect(squash(Infinity)).toBe(1);
  });

  it('a value beyond the range seen so far by 20 % of it scores 0.8 (range novelty, tolerance 5 %)', () => {
    const x = noise(800, 1, { 600: 1.2 });
    const r = detectAnomalies(x, { ensemble: { likelihood: false, context: false, baseScale: 1e9 } });
    const lo = Math.min(...x.slice(0, 600));
    const hi = Math.max(...x.slice(0, 600));
    expect(r.score[600]).toBeCloseTo(squash((1.2 - hi) / (hi - lo) / 0.05), 12);
    expect(r.score[600]).toBeGreaterThan(0.75);
    expect(r.onsets).toEqual([600]);
    expect(r.episodes[0]!.kind).toBe('spike');
  });

  it('alarms closer than the suppression interval are one alert; farther apart, two', () => {
    const near = detectAnomalies(noise(1200, 2, { 600: 2, 650: 4 }));
    expect(near.onsets).toEqual([600]);
    expect(near.episodes[0]!.end).toBeGreaterThanOrEqual(650);
    const far = detectAnomalies(noise(1200, 2, { 600: 2, 1000: 4 }));
    expect(far.onsets).toEqual([600, 1000]);
  });

  it('no alert on stationary noise', () => {
    expect(detectAnomalies(noise(3000, 3)).onsets).toEqual([]);
  });

  it('is causal: appending future points never changes past scores', () => {
    const x = noise(1500, 4, { 900: 3 });
    const a = detectAnomalies(x.slice(0, 1000)).score;
    const b = detectAnomalies(x).score;
    expect(Array.from(b.subarray(0, 1000))).toEqual(Array.from(a));
  });

  it('the live path (scoreFrom) scores only the newest points and still finds a spike there', () => {
    const x = noise(1500, 5, { 1490: 3 });
    const r = detectAnomalies(x, { scoreFrom: 1480 });
    expect(Array.from(r.score.subarray(0, 1480)).every((s) => s === 0)).toBe(true);
    expect(r.onsets).toEqual([1490]);
  });
});
