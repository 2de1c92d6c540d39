import { describe, expect, it } from 'vitest';
import { SeriesCache } from './series-cache.js';

describe('writer series cache', () => {
  it('keeps one state per tenant and label key, fingerprints differ by tenant', () => {
    const c = new SeriesCache(10);
    const a = c.get('default', 'k1');
    expect(c.get('default', 'k1')).toBe(a);
    const b = c.get('other', 'k1');
    expect(b).not.toBe(a);
    expect(b.fp).not.toBe(a.fp);
    expect(c.size).toBe(2);
  });

  it('when full, forgets a series not written since it was passed over, keeping recently written ones', () => {
    const c = new SeriesCache(3);
    const s1 = c.get('t', 'a');
    c.get('t', 'b');
    c.get('t', 'c');
    // a is written again: it gets a second chance, b (oldest unused) is forgotten
    s1.lastTs = 42;
    c.get('t', 'a');
    c.get('t', 'd');
    expect(c.size).toBe(3);
    expect(c.get('t', 'a').lastTs).toBe(42);
    expect(c.get('t', 'b').lastTs).toBe(-Infinity);
  });

  it('bounds all tenants together and marks what it forgets', () => {
    const c = new SeriesCache(4);
    const first = c.get('a', 'k0');
    for (let i = 1; i < 10; i++) c.get(i % 2 ? 'b' : 'a', `k${i}`);
    expect(c.size).toBe(4);
    expect(first.evicted).toBe(true);
    // a tenant's view finds the same states as get()
    const kept = c.get('b', 'k9');
    expect(kept.evicted).toBe(false);
    expect(c.tenant('b').get('k9')).toBe(kept);
    expect(c.size).toBe(4);
  });
});
