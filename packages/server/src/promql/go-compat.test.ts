import { describe, expect, it } from 'vitest';
import { formatDurationMs, formatGoFloatF, goPow, goRound, parseDurationMs, parseGoFloat, unquoteGoString } from './go-compat.js';
import { compileAnchored, expandGo } from './go-regexp.js';
import { goLog10, goLog2 } from './instant-functions.js';

describe('Go-compatible conversions', () => {
  it('formats floats as strconv.FormatFloat(v, "f", -1, 64)', () => {
    expect(formatGoFloatF(6)).toBe('6');
    expect(formatGoFloatF(0.1)).toBe('0.1');
    expect(formatGoFloatF(1e21)).toBe('1000000000000000000000');
    expect(formatGoFloatF(1.5e-7)).toBe('0.00000015');
    expect(formatGoFloatF(-2.5e22)).toBe('-25000000000000000000000');
    expect(formatGoFloatF(Infinity)).toBe('+Inf');
    expect(formatGoFloatF(NaN)).toBe('NaN');
  });

  it('parses floats as strconv.ParseFloat', () => {
    expect(parseGoFloat('+Inf')).toBe(Infinity);
    expect(parseGoFloat('-inf')).toBe(-Infinity);
    expect(parseGoFloat('1e0')).toBe(1);
    expect(parseGoFloat('.2')).toBe(0.2);
    expect(parseGoFloat('0x1p-2')).toBe(0.25);
    expect(parseGoFloat('abc')).toBeUndefined();
    expect(parseGoFloat(' 1')).toBeUndefined();
    expect(parseGoFloat('')).toBeUndefined();
  });

  it('rounds half away from zero and powers as math.Pow', () => {
    expect(goRound(2.5)).toBe(3);
    expect(goRound(-2.5)).toBe(-3);
    expect(goRound(0.49999999999999994)).toBe(0);
    expect(goPow(1, NaN)).toBe(1);
    expect(goPow(-1, Infinity)).toBe(1);
    expect(goPow(2, 10)).toBe(1024);
  });

  it('reads and writes Prometheus durations', () => {
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('1y2w3d')).toBe((365 + 14 + 3) * 86_400_000);
    expect(parseDurationMs('5')).toBeUndefined();
    expect(parseDurationMs('1m1h')).toBeUndefined();
    expect(formatDurationMs(5_400_000)).toBe('1h30m');
    expect(formatDurationMs(90_500)).toBe('1m30s500ms');
  });

  it('unquotes Go string literals', () => {
    expect(unquoteGoString('"a\\tb\\u00e9\\x41\\101"')).toBe('a\tbéAA');
    expect(unquoteGoString("'it\\'s'")).toBe("it's");
    expect(unquoteGoString('`raw\\n`')).toBe('raw\\n');
    expect(unquoteGoString('"bad \\. escape"')).toBeUndefined();
    expect(unquoteGoString('"unterminated')).toBeUndefined();
  });

  it('computes log2 and log10 as Go does', () => {
    expect(goLog2(8)).toBe(3);
    expect(goLog2(0)).toBe(-Infinity);
    expect(Number.isNaN(goLog2(-1))).toBe(true);
    expect(goLog10(1000)).toBeCloseTo(3, 12);
  });
});

describe('RE2 on JavaScript', () => {
  it('anchors, translates flags and named groups', () => {
    expect(compileAnchored('a.c').test('abc')).toBe(true);
    expect(compileAnchored('a.c').test('xabc')).toBe(false);
    expect(compileAnchored('(?i)API').test('api')).toBe(true);
    expect(compileAnchored('a|b').test('b')).toBe(true);
    const m = compileAnchored('(?P<host>[^:]+):(\\d+)').exec('db:5432')!;
    expect(expandGo('$host/${2}/$$/$9/$1x', m)).toBe('db/5432/$//');
    expect(() => compileAnchored('(a')).toThrow(/error parsing regexp/);
    expect(() => compileAnchored('(?=a)')).toThrow();
  });
});
