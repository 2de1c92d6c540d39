import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-limiter.js';

describe('MemoryRateLimiter (token bucket)', () => {
  it('allows a burst, then refuses with Retry-After, then refills at the rate', () => {
    let now = 0;
    const l = new MemoryRateLimiter(100, () => now);
    const rule = { ratePerSecond: 2, burst: 3 };
    expect([1, 2, 3].map(() => l.takeSync('k', rule).allowed)).toEqual([true, true, true]);
    const refused = l.takeSync('k', rule);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 500; // one token back
    expect(l.takeSync('k', rule).allowed).toBe(true);
    expect(l.takeSync('k', rule).allowed).toBe(false);
    now += 10_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => l.takeSync('k', rule).allowed)).toEqual([true, true, true, false]);
  });

  it('keeps keys apart and stays bounded', () => {
    const l = new MemoryRateLimiter(2, () => 0);
    const rule = { ratePerSecond: 1, burst: 1 };
    expect(l.takeSync('a', rule).allowed).toBe(true);
    expect(l.takeSync('b', rule).allowed).toBe(true);
    expect(l.takeSync('a', rule).allowed).toBe(false);
    l.takeSync('c', rule); // evicts the least recently used (b)
    expect(l.takeSync('b', rule).allowed).toBe(true);
  });

  it('says how long to wait for slow buckets', () => {
    const l = new MemoryRateLimiter(10, () => 0);
    const rule = { ratePerSecond: 0.1, burst: 1 };
    l.takeSync('x', rule);
    expect(l.takeSync('x', rule).retryAfterSeconds).toBe(10);
  });
});
