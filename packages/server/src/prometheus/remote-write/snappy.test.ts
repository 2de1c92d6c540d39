import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SnappyScratch, snappyDecode, snappyEncode } from './snappy.js';

const reference = createRequire(import.meta.url)('snappyjs') as { uncompress(b: Uint8Array): Uint8Array };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Text-like data with repeats at every distance (offsets 1-3 included) and random runs. */
function sample(rand: () => number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let i = 0;
  while (i < size) {
    const kind = rand();
    if (kind < 0.3 && i > 0) {
      const off = 1 + Math.floor(rand() * Math.min(i, rand() < 0.3 ? 3 : 70_000));
      const len = Math.min(size - i, 1 + Math.floor(rand() * 80));
      for (let k = 0; k < len; k++, i++) out[i] = out[i - off]!;
    } else {
      const len = Math.min(size - i, 1 + Math.floor(rand() * (rand() < 0.1 ? 3000 : 20)));
      for (let k = 0; k < len; k++, i++) out[i] = Math.floor(rand() * (rand() < 0.5 ? 256 : 8)) + 97;
    }
  }
  return out;
}

describe('snappy block decoding', () => {
  it('decodes what snappy encodes, as snappyjs does, with and without a reused scratch buffer', () => {
    const rand = rng(7);
    const scratch = new SnappyScratch();
    for (const size of [0, 1, 3, 4, 5, 17, 61, 100, 1000, 65_536, 70_001, 300_000]) {
      const data = sample(rand, size);
      const wire = snappyEncode(data);
      // (Buffer.equals: a deep comparison of 300k elements takes seconds)
      expect(Buffer.from(snappyDecode(wire, 1 << 20)).equals(data)).toBe(true);
      expect(Buffer.from(snappyDecode(wire, 1 << 20, scratch)).equals(reference.uncompress(wire))).toBe(true);
    }
  });

  it('refuses corrupt bodies with PTR_ERR_DECODE, whatever the damage (never another error)', () => {
    const rand = rng(11);
    const wire = snappyEncode(sample(rand, 5000));
    const scratch = new SnappyScratch();
    let refused = 0;
    for (let t = 0; t < 3000; t++) {
      const bad = new Uint8Array(wire.subarray(0, t % 3 === 0 ? Math.floor(rand() * wire.length) : wire.length));
      if (t % 3 !== 0) for (let k = 0; k < 1 + (t % 4); k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      try {
        snappyDecode(bad, 1 << 20, t % 2 ? scratch : undefined);
      } catch (err) {
        expect(['PTR_ERR_DECODE', 'PTR_ERR_PAYLOAD_TOO_LARGE']).toContain((err as { code?: string }).code);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(1000);
    // output shorter than its declared length: corrupt (snappyjs returned it zero-padded)
    expect(() => snappyDecode(new Uint8Array([5, 4 << 2, 1, 2, 3, 4, 5].slice(0, 4)), 100)).toThrow(expect.objectContaining({ code: 'PTR_ERR_DECODE' }));
    expect(() => snappyDecode(new Uint8Array([10, 4 << 2, 1, 2, 3, 4, 5]), 100)).toThrow(expect.objectContaining({ code: 'PTR_ERR_DECODE' }));
  });

  it('refuses a declared length over the limit before decoding', () => {
    expect(() => snappyDecode(snappyEncode(new Uint8Array(4096)), 1024)).toThrow(expect.objectContaining({ code: 'PTR_ERR_PAYLOAD_TOO_LARGE' }));
  });
});
