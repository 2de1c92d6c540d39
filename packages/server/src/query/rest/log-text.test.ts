import { describe, expect, it } from 'vitest';
import { parseLogText, parseSeverity } from './log-text.js';

describe('log search text', () => {
  it('reads words, phrases and exclusions', () => {
    expect(parseLogText('payment "card declined" -retry -"soft fail" user-42')).toEqual([
      { text: 'payment', phrase: false, negate: false },
      { text: 'card declined', phrase: true, negate: false },
      { text: 'retry', phrase: false, negate: true },
      { text: 'soft fail', phrase: true, negate: true },
      { text: 'user-42', phrase: false, negate: false },
    ]);
  });
  it('reads severities', () => {
    expect(() => parseLogText('a "open')).toThrow(/q: unterminated quoted phrase/);
    expect(parseSeverity('WARN')).toBe(13);
    expect(parseSeverity('17')).toBe(17);
    expect(() => parseSeverity('loud')).toThrow(/severity: expected trace, debug/);
  });
});
