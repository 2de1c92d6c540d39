/**
 * The full-text syntax of Pointer's log search (`q`): bare words must appear as whole words,
 * "quoted phrases" as substrings, both case-insensitive; a leading `-` excludes.
 *   q=payment "card declined" -retry
 */
import { ptrError } from '../../errors/index.js';
import type { TextCondition } from '../../store/logs/log-store.js';

export function parseLogText(q: string): TextCondition[] {
  const out: TextCondition[] = [];
  const re = /\s*(-?)(?:"((?:[^"\\]|\\.)*)"|([^\s"]\S*))/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(q)) !== null && m[0].trim() !== '') {
    last = re.lastIndex;
    const negate = m[1] === '-';
    if (m[2] !== undefined) {
      const text = m[2].replace(/\\(.)/g, '$1');
      if (text) out.push({ text, phrase: true, negate });
    } else out.push({ text: m[3]!, phrase: false, negate });
  }
  if (q.slice(last).trim() !== '') throw ptrError('PTR_ERR_VALIDATION', 'q: unterminated quoted phrase');
  if (out.length > 32) throw ptrError('PTR_ERR_QUERY_LIMIT', 'q: at most 32 terms and phrases');
  return out;
}

const SEVERITY_BY_NAME: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, warning: 13, error: 17, fatal: 21 };

/** `error`, `WARN`, or an OTLP severity number 1..24: the minimum severity. */
export function parseSeverity(v: string): number {
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n >= 1 && n <= 24) return n;
  }
  const n = SEVERITY_BY_NAME[v.toLowerCase()];
  if (n === undefined) throw ptrError('PTR_ERR_VALIDATION', `severity: expected trace, debug, info, warn, error, fatal or 1..24, got ${JSON.stringify(v.slice(0, 32))}`);
  return n;
}
