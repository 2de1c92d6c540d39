import { describe, expect, it } from 'vitest';
import { Ring } from './ring.js';

describe('Ring', () => {
  it('keeps order, drops the oldest when full and counts what was missed', () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.length).toBe(3);
    expect(r.takeMissed()).toBe(2);
    expect(r.takeMissed()).toBe(0);
    expect(r.take(2)).toEqual([3, 4]);
    r.push(6);
    r.push(7);
    expect(r.take(10)).toEqual([5, 6, 7]);
    expect(r.length).toBe(0);
  });
});
