import { describe, expect, it } from 'vitest';
import { limitParam, parseDurationNs, parseTime, timeRange, traceIdParam } from './params.js';

const limits = { timeoutMs: 1000, maxRangeNs: 86_400_000_000_000n, maxResults: 100, maxTraceSpans: 10 };

describe('query parameters', () => {
  it('reads times in every unit and RFC 3339', () => {
    expect(parseTime('1700000000', 't')).toBe(1_700_000_000_000_000_000n);
    expect(parseTime('1700000000123', 't')).toBe(1_700_000_000_123_000_000n);
    expect(parseTime('1700000000123456', 't')).toBe(1_700_000_000_123_456_000n);
    expect(parseTime('1700000000123456789', 't')).toBe(1_700_000_000_123_456_789n);
    expect(parseTime('1700000000.5', 't')).toBe(1_700_000_000_500_000_000n);
    expect(parseTime('2023-11-14T22:13:20.25Z', 't')).toBe(1_700_000_000_250_000_000n);
    expect(parseTime('4', 't', 's')).toBe(4_000_000_000n);
    expect(() => parseTime('yesterday', 'start')).toThrow(/start: expected Unix time or RFC 3339/);
  });
  it('reads Go and Prometheus durations', () => {
    expect(parseDurationNs('1h30m', 'd')).toBe(5_400_000_000_000n);
    expect(parseDurationNs('250ms', 'd')).toBe(250_000_000n);
    expect(parseDurationNs('1.5s', 'd')).toBe(1_500_000_000n);
    expect(parseDurationNs('2', 'd')).toBe(2_000_000_000n);
    expect(() => parseDurationNs('5 minutes', 'minDuration')).toThrow(/minDuration: expected a duration/);
  });
  it('bounds ranges, limits and ids', () => {
    expect(() => timeRange(0n, 2n * 86_400_000_000_000n, limits)).toThrow(expect.objectContaining({ code: 'PTR_ERR_QUERY_LIMIT' }));
    expect(() => timeRange(5n, 4n, limits)).toThrow(/start: must not be after end/);
    expect(limitParam(undefined, 'limit', 20, limits)).toBe(20);
    expect(() => limitParam('1000', 'limit', 20, limits)).toThrow(expect.objectContaining({ code: 'PTR_ERR_QUERY_LIMIT' }));
    expect(() => limitParam('-1', 'limit', 20, limits)).toThrow(/limit: expected a positive integer/);
    expect(traceIdParam('ABC')).toBe('0'.repeat(29) + 'abc');
    expect(() => traceIdParam('xyz')).toThrow(/traceId: expected up to 32 hex digits/);
  });
});
