import { describe, expect, it } from 'vitest';
import { re2ToRegExp } from './re2.js';

describe('RE2 patterns as RegExp', () => {
  it('reads leading flag groups, named groups, and anchors when asked', () => {
    expect(re2ToRegExp('(?i)error', false).test('An ERROR here')).toBe(true);
    expect(re2ToRegExp('(?i)err.*', true).test('ERROR: x')).toBe(true);
    expect(re2ToRegExp('err.*', true).test('an error')).toBe(false);
    expect(re2ToRegExp('(?s)a.b', false).test('a\nb')).toBe(true);
    expect(re2ToRegExp('(?P<code>\\d{3})', false).exec('status 503')?.groups).toEqual({ code: '503' });
    expect(() => re2ToRegExp('a(?i)b', false)).toThrow(SyntaxError);
  });
});
