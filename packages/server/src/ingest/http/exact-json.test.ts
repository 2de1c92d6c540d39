import { describe, expect, it } from 'vitest';
import { parseJsonExact, quoteLongIntegers } from './exact-json.js';

describe('parseJsonExact', () => {
  it('keeps integer literals beyond 2^53 exact, as decimal strings', () => {
    const v = parseJsonExact('{"startTimeUnixNano":1795821928405466272,"intValue":-9223372036854775808,"n":[18446744073709551615, 7]}') as Record<string, unknown>;
    expect(v).toEqual({ startTimeUnixNano: '1795821928405466272', intValue: '-9223372036854775808', n: ['18446744073709551615', 7] });
  });

  it('leaves short integers, fractions, exponents and strings as JSON.parse reads them', () => {
    const text = '{"a":123456789012345,"b":12345678901234567.5,"c":1234567890123456e3,"d":1e1234567890123456,"e":"1795821928405466272","f":"x\\"1234567890123456789\\\\","g":1234567890123456789}';
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(v.a).toBe(123456789012345);
    expect(v.b).toBe(12345678901234567.5);
    expect(v.c).toBe(1234567890123456e3);
    expect(v.d).toBe(Infinity);
    expect(v.e).toBe('1795821928405466272');
    expect(v.f).toBe('x"1234567890123456789\\');
    expect(v.g).toBe('1234567890123456789');
  });

  it('returns the same text when nothing needs quoting, and keeps invalid JSON invalid', () => {
    const t = '{"traceId":"5b8efff798038103d269b633813fc60c","t":"1795821928405466272"}';
    expect(quoteLongIntegers(t)).toBe(t);
    expect(() => parseJsonExact('{"a": 12345678901234567890')).toThrow(SyntaxError);
    expect(() => parseJsonExact('{"a": "12345678901234567890}')).toThrow(SyntaxError);
  });
});
