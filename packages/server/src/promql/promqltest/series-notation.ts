/**
 * The series notation of Prometheus' PromQL test files: label sets such as
 * `http_requests{job="api"}` and value sequences such as `0+10x10 _ stale NaN Inf 1x3 _x2`.
 */
import type { Labels } from '../../store/metrics/querier.js';
import { METRIC_NAME, makeLabels } from '../labels.js';
import { parseGoFloat, unquoteGoString } from '../go-compat.js';

/** A value slot: a number, a stale marker, or nothing (`_`). */
export type SequenceValue = { kind: 'value'; value: number } | { kind: 'stale' } | { kind: 'omitted' };

/** Splits `metric{a="b"} rest` into the label set and the rest of the line. */
export function parseSeriesLabels(text: string): { labels: Labels; rest: string } {
  let i = 0;
  const pairs: [string, string][] = [];
  const name = /^[a-zA-Z_:][\w:]*/.exec(text);
  if (name) {
    pairs.push([METRIC_NAME, name[0]]);
    i = name[0].length;
  }
  if (text[i] === '{') {
    i++;
    for (;;) {
      while (text[i] === ' ' || text[i] === ',') i++;
      if (text[i] === '}') {
        i++;
        break;
      }
      const ln = /^[a-zA-Z_][\w]*/.exec(text.slice(i));
      if (!ln) throw new Error(`bad label name at ${JSON.stringify(text.slice(i))}`);
      i += ln[0].length;
      while (text[i] === ' ') i++;
      if (text[i] !== '=') throw new Error(`expected = after label ${ln[0]}`);
      i++;
      while (text[i] === ' ') i++;
      const q = text[i];
      let j = i + 1;
      while (j < text.length && text[j] !== q) j += text[j] === '\\' ? 2 : 1;
      const value = unquoteGoString(text.slice(i, j + 1));
      if (value === undefined) throw new Error(`bad label value in ${JSON.stringify(text)}`);
      pairs.push([ln[0], value]);
      i = j + 1;
    }
  } else if (!name) {
    throw new Error(`expected a series description, got ${JSON.stringify(text)}`);
  }
  return { labels: makeLabels(pairs), rest: text.slice(i).trim() };
}

function parseNumber(s: string): number {
  const v = parseGoFloat(s.replace(/^\+(?=inf)/i, ''));
  if (v === undefined) throw new Error(`bad number ${JSON.stringify(s)}`);
  return v;
}

/** Expands a value sequence: `a+bxn` and `a-bxn` give n+1 values, `axn` n+1 copies, `_xn` n blanks. */
export function parseSequence(text: string): SequenceValue[] {
  const out: SequenceValue[] = [];
  for (const item of text.split(/\s+/).filter((x) => x !== '')) {
    if (item === '_') {
      out.push({ kind: 'omitted' });
      continue;
    }
    if (item === 'stale') {
      out.push({ kind: 'stale' });
      continue;
    }
    const blanks = /^_x(\d+)$/.exec(item);
    if (blanks) {
      for (let i = 0; i < Number(blanks[1]); i++) out.push({ kind: 'omitted' });
      continue;
    }
    const m = /^([+-]?(?:[\d.]+(?:e[+-]?\d+)?|Inf|NaN|inf|nan))(?:([+-](?:[\d.]+(?:e[+-]?\d+)?|Inf|inf))?x(\d+))?$/.exec(item);
    if (!m) throw new Error(`bad sequence item ${JSON.stringify(item)}`);
    let value = parseNumber(m[1]!);
    if (m[3] === undefined) {
      out.push({ kind: 'value', value });
      continue;
    }
    const inc = m[2] === undefined ? 0 : parseNumber(m[2]);
    for (let i = 0; i <= Number(m[3]); i++) {
      out.push({ kind: 'value', value });
      value += inc;
    }
  }
  return out;
}
