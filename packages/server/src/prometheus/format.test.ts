import { describe, expect, it } from 'vitest';
import { formatPromFloat } from './format.js';

describe("Prometheus' float text", () => {
  it("matches Go's FormatFloat as Prometheus' jsonutil.MarshalFloat uses it", () => {
    expect(formatPromFloat(2)).toBe('2');
    expect(formatPromFloat(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatPromFloat(1e-7)).toBe('1e-07');
    expect(formatPromFloat(1.5e-7)).toBe('1.5e-07');
    expect(formatPromFloat(0.000001)).toBe('0.000001');
    expect(formatPromFloat(1e21)).toBe('1e+21');
    expect(formatPromFloat(123456789012345680000)).toBe('123456789012345680000');
    expect(formatPromFloat(1.7976931348623157e308)).toBe('1.7976931348623157e+308');
    expect(formatPromFloat(Infinity)).toBe('+Inf');
    expect(formatPromFloat(-Infinity)).toBe('-Inf');
    expect(formatPromFloat(NaN)).toBe('NaN');
    expect(formatPromFloat(-0)).toBe('-0');
  });
});
