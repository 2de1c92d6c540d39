import { describe, expect, it } from 'vitest';
import { LabelSetCache, wordsOf } from './label-cache.js';

const limits = { maxLabelsPerSeries: 10, maxLabelValueLength: 100 };
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function put(c: LabelSetCache, tenant: string, b: Uint8Array, name: string) {
  return c.set(tenant, c.hash(tenant, b, wordsOf(b), 0, b.length), b, 0, b.length, [['__name__', name]]);
}
function find(c: LabelSetCache, tenant: string, b: Uint8Array, hash = c.hash(tenant, b, wordsOf(b), 0, b.length)) {
  return c.get(tenant, hash, b, wordsOf(b), 0, b.length);
}

describe('remote write label-set cache', () => {
  it('finds the same frozen entry for the same bytes, at any offset, and only for the same bytes', () => {
    const c = new LabelSetCache(limits);
    const e = put(c, 't', bytes('labels of series one'), 'one');
    expect(Object.isFrozen(e) && Object.isFrozen(e.labels) && Object.isFrozen(e.labels[0])).toBe(true);
    const elsewhere = bytes('xxlabels of series onexx');
    expect(c.get('t', c.hash('t', elsewhere, wordsOf(elsewhere), 2, 22), elsewhere, wordsOf(elsewhere), 2, 22)).toBe(e);
    expect(find(c, 't', bytes('labels of series two'))).toBeUndefined();
    expect(find(c, 't', bytes('labels of series on'))).toBeUndefined();
  });

  it('verifies the bytes: a colliding hash with other bytes is a miss', () => {
    const c = new LabelSetCache(limits);
    const a = bytes('aaaa-bbbb-cccc');
    put(c, 't', a, 'a');
    const b = bytes('aaaa-bbbb-cccd');
    expect(find(c, 't', b, c.hash('t', a, wordsOf(a), 0, a.length))).toBeUndefined();
  });

  it('keeps tenants apart: the same bytes of another tenant are not found', () => {
    const c = new LabelSetCache(limits);
    const b = bytes('same bytes');
    const e = put(c, 'a', b, 'x');
    expect(find(c, 'b', b)).toBeUndefined();
    // even with tenant a's hash
    expect(find(c, 'b', b, c.hash('a', b, wordsOf(b), 0, b.length))).toBeUndefined();
    expect(find(c, 'a', b)).toBe(e);
  });

  it('is bounded, and keeps what is used through generation changes', () => {
    const c = new LabelSetCache(limits, 8);
    const hot = bytes('hot series');
    const e = put(c, 't', hot, 'hot');
    for (let i = 0; i < 100; i++) {
      put(c, 't', bytes(`cold series ${i}`), `c${i}`);
      expect(find(c, 't', hot)).toBe(e);
      expect(c.size).toBeLessThanOrEqual(8);
    }
    expect(find(c, 't', bytes('cold series 0'))).toBeUndefined();
    expect(find(c, 't', bytes('cold series 99'))).toBeDefined();
  });

  it('holds no more than its byte bound', () => {
    const c = new LabelSetCache(limits, 1000, 64);
    for (let i = 0; i < 20; i++) put(c, 't', bytes(`a label set of 24 bytes ${i % 10}`), 'x');
    expect(c.size).toBeLessThanOrEqual(4);
    // larger than a generation may hold: not stored
    const big = bytes('x'.repeat(40));
    put(c, 't', big, 'big');
    expect(find(c, 't', big)).toBeUndefined();
  });

  it('stores a stable share of the sets when a sender cycles through more than it holds, and all again when it sends fewer', () => {
    const c = new LabelSetCache(limits, 2048);
    const sets = Array.from({ length: 10_000 }, (_, i) => bytes(`{job="j",series="${i}"}`));
    /** One request cycle over `n` sets as the decoder does it; returns how many were found. */
    const cycle = (n: number): number => {
      let hits = 0;
      for (let i = 0; i < n; i++) {
        if (find(c, 't', sets[i]!) !== undefined) hits++;
        else put(c, 't', sets[i]!, `s${i}`);
        expect(c.size).toBeLessThanOrEqual(2048);
      }
      return hits;
    };
    // without admission every set would be dropped before it comes again: no hit at all
    expect(cycle(10_000)).toBe(0);
    for (let k = 0; k < 5; k++) cycle(10_000);
    const share = c.admittedShare;
    expect(share).toBeLessThan(1);
    // what is stored now fits: about that share of every cycle is found, the same sets each time
    const hits = cycle(10_000);
    expect(hits).toBeGreaterThan(10_000 * share * 0.7);
    expect(Math.abs(cycle(10_000) - hits)).toBeLessThan(hits * 0.1);
    expect(c.admittedShare).toBe(share);
    // a set outside the share gets a one-batch entry and is not stored
    const notStored = sets.findIndex((b) => find(c, 't', b) === undefined);
    expect(Object.isFrozen(put(c, 't', sets[notStored]!, 'x'))).toBe(false);
    // the sender shrinks to 100 series: the share grows back until all of them are found
    for (let k = 0; k < 5000 && c.admittedShare < 1; k++) cycle(100);
    expect(c.admittedShare).toBe(1);
    cycle(100);
    expect(cycle(100)).toBe(100);
  });
});
