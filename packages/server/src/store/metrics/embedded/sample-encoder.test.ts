import { describe, expect, it } from 'vitest';
import { STALE_NAN } from '../batch-builder.js';
import { SampleRowsEncoder } from './sample-encoder.js';

/** The row as sample-encoder.ts defines it, written field by field. */
function reference(lo: number, hi: number, ts: number, value: number, metric: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(lo, 0);
  b.writeUInt32LE(hi, 4);
  b.writeBigInt64LE(BigInt(ts), 8);
  b.writeDoubleLE(value, 16);
  b.writeUInt32LE(metric, 24);
  return b;
}

describe('sample rows encoder', () => {
  it('writes rows exactly, growing past its first size, staleness NaN bits kept', () => {
    const e = new SampleRowsEncoder(1);
    const rows: [number, number, number, number, number][] = [
      [0xffffffff, 0x7fffffff, 1_700_000_000_123, 1.5, 0xffffffff],
      [1, 2, -1, -0, 0],
      [3, 4, -1_700_000_000_123, -1e300, 7],
      [5, 6, 2 ** 53 - 1, Number.NaN, 8],
      [7, 8, 0, Number.POSITIVE_INFINITY, 9],
    ];
    for (const r of rows) e.add(...r);
    expect(e.rows).toBe(rows.length);
    expect(e.bytes()).toEqual(Buffer.concat(rows.map((r) => reference(...r))));
    // passed straight through (an array of doubles, as above, may change a NaN's bits)
    e.reset();
    e.add(1, 2, 3, STALE_NAN, 1);
    expect(e.bytes().readBigUInt64LE(16)).toBe(0x7ff0000000000002n);
    e.reset();
    e.add(9, 10, 42, 2, 3);
    expect(e.bytes()).toEqual(reference(9, 10, 42, 2, 3));
  });
});
