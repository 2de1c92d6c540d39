import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rng } from '../../test/rng.js';
import { detectAnomalies } from './detector.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures');

function seasonal(n: number, period: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / period) + 2 * (r() - 0.5));
}

describe('streaming anomaly detector', () => {
  it('raises one alert at a spike and none on the clean seasonal part', () => {
    const x = seasonal(1200, 96, 7);
    x[1000] = x[1000]! + 60;
    const r = detectAnomalies(x);
    expect(r.onsets).toEqual([1000]);
    expect(r.episodes[0]!.kind).toBe('spike');
    expect(r.periods).toContain(96);
  });

  it('a spike at the seasonal peak is not anomalous in the plain z-score but the seasonal method sees a dip at the trough', () => {
    const x = seasonal(1200, 96, 8);
    // At a trough (phase 3/4) a value at the daily mean is 20 below... above normal: +20 ≈ 10 σ of the residual.
    const trough = 96 * 10 + 72;
    x[trough] = 50;
    expect(detectAnomalies(x, { method: 'seasonal_zscore' }).onsets).toContain(trough);
    expect(detectAnomalies(x, { method: 'zscore' }).onsets).not.toContain(trough);
  });

  it('catches a level shift through the CUSUM and reports it once', () => {
    const r0 = rng(9);
    const x = Array.from({ length: 1000 }, (_, i) => 10 + (i >= 700 ? 3 : 0) + (r0() - 0.5));
    const r = detectAnomalies(x);
    expect(r.onsets.length).toBe(1);
    expect(r.onsets[0]!).toBeGreaterThanOrEqual(700);
    expect(r.onsets[0]!).toBeLessThan(720);
    expect(r.episodes[0]!.kind).toMatch(/spike|level_shift_up/);
  });

  it('is causal: appending future points never changes past scores', () => {
    const x = seasonal(800, 48, 10);
    const a = detectAnomalies(x.slice(0, 600)).score;
    const b = detectAnomalies(x).score;
    expect(Array.from(b.subarray(0, 600))).toEqual(Array.from(a));
  });

  it('NAB art_daily_jumpsup: one alert inside the labelled window, few outside', () => {
    const rows = readFileSync(join(fixtures, 'nab/art_daily_jumpsup.csv'), 'utf8').trim().split('\n').slice(1);
    const ts = rows.map((l) => Date.parse(l.split(',')[0]!.replace(' ', 'T') + 'Z'));
    const values = rows.map((l) => Number(l.split(',')[1]));
    const r = detectAnomalies(values);
    const start = Date.parse('2014-04-10T16:15:00Z');
    const end = Date.parse('2014-04-12T01:45:00Z');
    const inWindow = r.onsets.filter((i) => ts[i]! >= start && ts[i]! <= end);
    expect(inWindow.length).toBe(1);
    // Measured: one alert while still learning (day 2) and one false alarm on day 7.
    expect(r.onsets.length).toBeLessThanOrEqual(3);
  });
});
