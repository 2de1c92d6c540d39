import { describe, expect, it } from 'vitest';
import { rng } from '../../test/rng.js';
import { predictExhaustion } from './exhaustion.js';
import { forecast } from './forecast.js';
import { forecastHoltWinters } from './holt-winters.js';
import { forecastSeasonalNaive } from './seasonal-naive.js';
import { normalCdf, normalQuantile } from './types.js';

const season = [0, 5, 10, 5, 0, -5, -10, -5];

describe('forecasting', () => {
  it('normal quantile and CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
  });

  it('seasonal naive repeats the last season', () => {
    const y = Array.from({ length: 24 }, (_, i) => season[i % 8]!);
    const f = forecastSeasonalNaive(y, 8, 10);
    expect(Array.from(f.mean)).toEqual([...season, ...season.slice(0, 2)]);
  });

  it('Holt–Winters continues trend + season of an exact series', () => {
    const y = Array.from({ length: 96 }, (_, i) => 50 + 0.5 * i + season[i % 8]!);
    const f = forecastHoltWinters(y, 8, 8, 0.95, 1);
    for (let h = 0; h < 8; h++) expect(f.mean[h]!).toBeCloseTo(50 + 0.5 * (96 + h) + season[(96 + h) % 8]!, 0);
  });

  it('interval widens with the horizon', () => {
    const y = Array.from({ length: 96 }, (_, i) => 50 + season[i % 8]! + ((i * 13) % 7) - 3);
    const f = forecastHoltWinters(y, 8, 24);
    expect(f.upper[23]! - f.lower[23]!).toBeGreaterThan(f.upper[0]! - f.lower[0]!);
  });

  it('the learned ONNX model forecasts a clean season within 5 % of its range', async () => {
    const y = Array.from({ length: 400 }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 50));
    const f = await forecast(y, 50, { method: 'learned' });
    expect(f.method).toBe('learned');
    expect(f.period).toBe(50);
    for (let h = 0; h < 50; h++) expect(Math.abs(f.mean[h]! - (100 + 20 * Math.sin((2 * Math.PI * (400 + h)) / 50)))).toBeLessThan(2);
  });

  it('the learned model refuses a series without enough seasons', async () => {
    await expect(forecast([1, 2, 3, 4, 5, 6], 3, { method: 'learned', period: 4 })).rejects.toThrow(/at least 3 periods/);
  });
});

describe('exhaustion', () => {
  it('a budget burning 0.5 % per step from 80 % left is spent 160 steps after the last point', () => {
    const y = Array.from({ length: 100 }, (_, i) => 130 - 0.5 * i);
    // y[99] = 80.5 → 0 after 161 steps
    const r = predictExhaustion(y, 0, 0, true, 400);
    expect(r.willExhaust).toBe(true);
    expect(Math.abs(r.atStep! - 161)).toBeLessThanOrEqual(2);
    expect(r.confidence).toBeGreaterThan(0.99);
  });

  it('a flat series never exhausts', () => {
    const r0 = rng(5);
    const y = Array.from({ length: 200 }, () => 50 + 4 * (r0() - 0.5));
    const r = predictExhaustion(y, 0, 100, false, 200);
    expect(r.willExhaust).toBe(false);
    expect(r.confidence).toBeLessThan(0.05);
  });
});
