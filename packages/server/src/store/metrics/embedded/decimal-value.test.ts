import { describe, expect, it } from 'vitest';
import { STALE_NAN } from '../batch-builder.js';
import { RAW_SCALE, decimalScale, mantissaAt } from './decimal-value.js';

/** The value a stored (mantissa, scale) means, as the engine computes it: mantissa / exp10(scale). */
const decimalValue = (mantissa: number, scale: number): number => mantissa / Number(`1e${scale}`);

const bits = (v: number): bigint => {
  const f = new Float64Array([v]);
  return new BigUint64Array(f.buffer)[0]!;
};

/** What a stored value reads back as (RAW_SCALE: the bits themselves). */
function roundTrip(v: number, hint: number): { scale: number; back: number } {
  const scale = decimalScale(v, hint);
  return { scale, back: scale === RAW_SCALE ? v : decimalValue(mantissaAt(v, scale), scale) };
}

describe('decimal sample values', () => {
  it('stores counters as integers and gauges with their decimal places', () => {
    expect(decimalScale(42, RAW_SCALE)).toBe(0);
    expect(decimalScale(-7, RAW_SCALE)).toBe(0);
    expect(decimalScale(12.34, RAW_SCALE)).toBe(2);
    expect(mantissaAt(12.34, 2)).toBe(1234);
    expect(decimalScale(0.005, RAW_SCALE)).toBe(3);
    expect(decimalScale(1.5e-9, RAW_SCALE)).toBe(10);
    expect(decimalScale(2 ** 53 - 1, RAW_SCALE)).toBe(0);
    // a double whose shortest decimal form has up to ~16 digits is a decimal too
    expect(decimalScale(Math.PI, RAW_SCALE)).toBe(15);
  });

  it('keeps a series on the scale it used last while that scale is exact', () => {
    expect(decimalScale(12.3, 2)).toBe(2);
    expect(mantissaAt(12.3, 2)).toBe(1230);
    expect(decimalScale(12, 2)).toBe(2);
    // a value with more places moves it
    expect(decimalScale(12.345, 2)).toBe(3);
    // a hint that would overflow the mantissa is not taken
    expect(decimalScale(123456789.5, 15)).toBe(1);
  });

  it('keeps the bits of what has no exact decimal: NaN payloads, infinities, -0, huge and inexact values', () => {
    for (const v of [STALE_NAN, Number.NaN, Infinity, -Infinity, -0, 2 ** 53, 1e300, -1e300, 0.1 + 0.2, 100 / 7, 5e-324]) {
      expect(decimalScale(v, RAW_SCALE), String(v)).toBe(RAW_SCALE);
      expect(decimalScale(v, 2), String(v)).toBe(RAW_SCALE);
    }
  });

  it('reads every value back bit for bit, whatever the hint', () => {
    let s = 7;
    const rand = (): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 4294967296;
    };
    const values: number[] = [0, 1, -1, 0.1, 0.7, 1e-22, 1e22, 123456.789, -0.000123];
    for (let i = 0; i < 20_000; i++) {
      const places = Math.floor(rand() * 12);
      values.push(Math.round((rand() - 0.5) * 10 ** (rand() * 12)) / 10 ** places); // decimals of every size
      values.push((rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20)); // arbitrary doubles
    }
    let decimal = 0;
    for (const v of values) {
      for (const hint of [RAW_SCALE, 0, 3, 9, 22]) {
        const { scale, back } = roundTrip(v, hint);
        if (bits(back) !== bits(v)) throw new Error(`${v} at scale ${scale} (hint ${hint}) came back as ${back}`);
        if (scale !== RAW_SCALE) decimal++;
      }
    }
    expect(decimal).toBeGreaterThan(values.length * 2);
  });
});
