/** Known answers for the NAB scorer used by bench/nab.ts (values worked out by hand from NAB's formulas). */
import { describe, expect, it } from 'vitest';
import { PROFILES, probationaryLength, scaledSigmoid, scoreCorpus, scoreFile } from '../bench/nab-scorer.js';

const standard = PROFILES[0]!;
const lowFn = PROFILES[2]!;
const maxTP = 2 / (1 + Math.exp(-5)) - 1;

function detections(n: number, at: number[]): boolean[] {
  const d = new Array<boolean>(n).fill(false);
  for (const i of at) d[i] = true;
  return d;
}

describe('NAB scoring', () => {
  it('scaled sigmoid and probation follow NAB', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(maxTP, 12);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.5)).toBe(-1);
    expect(scaledSigmoid(3)).toBe(-1); // NAB cuts off at a relative position of 3 or more
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(10_000)).toBe(750);
  });

  it('a detection at the start of a window scores the full tp weight; at its end much less', () => {
    expect(scoreFile(detections(100, [50]), [[50, 59]], standard).score).toBeCloseTo(1, 12);
    expect(scoreFile(detections(100, [59]), [[50, 59]], standard).score).toBeCloseTo((2 / (1 + Math.exp(-0.5)) - 1) / maxTP, 12); // position −1/10
  });

  it('only the best detection of a window counts; false positives cost by distance after a window', () => {
    const r = scoreFile(detections(100, [10, 30, 52, 55, 70]), [[50, 59]], standard);
    const tp = (2 / (1 + Math.exp(-5 * (8 / 10))) - 1) / maxTP; // i = 52: position −(59 − 52 + 1)/10
    const fpBefore = -0.11;
    const fpAfter = 0.11 * (2 / (1 + Math.exp(5 * (11 / 9))) - 1);
    expect(r.score).toBeCloseTo(tp + fpBefore + fpAfter, 12);
    expect(r).toMatchObject({ tp: 1, fp: 2, fn: 0 });
  });

  it('a missed window costs the fn weight; normalisation maps null to 0 and perfect to 100', () => {
    expect(scoreFile(detections(100, []), [[50, 59]], lowFn).score).toBe(-2);
    const files = [
      { name: 'a', detected: detections(100, [50]), windows: [[50, 59]] as [number, number][] },
      { name: 'b', detected: detections(100, []), windows: [[40, 49]] as [number, number][] },
    ];
    const r = scoreCorpus(files, standard);
    expect(r.nullScore).toBe(-2);
    expect(r.perfect).toBeCloseTo(2, 12);
    expect(r.normalized).toBeCloseTo(50, 10);
  });
});
