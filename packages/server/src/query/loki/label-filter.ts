/**
 * LogQL label filters (`| status >= 400 and method = "GET"`), as Loki evaluates them: string
 * matchers compare the label's text (a missing label reads as ""); numeric ones compare the
 * label as a number, a Go duration (`duration > 1s`) or a byte size (`size > 20MB`). A value
 * that does not convert sets `__error__="LabelFilterErr"` and keeps the entry, as in Loki.
 */
import { labelValue, type Entry } from './pipeline.js';

export type LabelFilterExpr =
  | { op: 'and' | 'or'; left: LabelFilterExpr; right: LabelFilterExpr }
  | { op: 'string'; label: string; cmp: '=' | '!=' | '=~' | '!~'; value: string; re?: RegExp }
  | { op: 'number'; label: string; cmp: '==' | '!=' | '>' | '>=' | '<' | '<='; value: number; unit: 'number' | 'duration' | 'bytes' };

const GO_DURATION_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in seconds; undefined if it is not one. */
export function parseGoDurationSeconds(text: string): number | undefined {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text.trim());
  if (!m) return text.trim() === '0' ? 0 : undefined;
  let ns = 0;
  for (const p of text.trim().matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ns += Number(p[1]) * GO_DURATION_NS[p[2]!]!;
  return (m[1] === '-' ? -ns : ns) / 1e9;
}

const BYTE_UNITS: Record<string, number> = {
  b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3,
  t: 1e12, tb: 1e12, tib: 1024 ** 4, p: 1e15, pb: 1e15, pib: 1024 ** 5, e: 1e18, eb: 1e18, eib: 1024 ** 6,
};

/** go-humanize's ParseBytes ("42", "5KB", "1.5 MiB"); undefined if it is not one. */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const mult = unit === '' ? 1 : BYTE_UNITS[unit];
  return mult === undefined ? undefined : Number(m[1]) * mult;
}

export function convertLabel(text: string, unit: 'number' | 'duration' | 'bytes'): number | undefined {
  if (unit === 'duration') return parseGoDurationSeconds(text);
  if (unit === 'bytes') return parseBytes(text);
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isNaN(n) && !/^nan$/i.test(t) ? undefined : n;
}

function compare(a: number, cmp: Extract<LabelFilterExpr, { op: 'number' }>['cmp'], b: number): boolean {
  switch (cmp) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

export function matchesLabelFilter(f: LabelFilterExpr, e: Entry): boolean {
  switch (f.op) {
    case 'and':
      return matchesLabelFilter(f.left, e) && matchesLabelFilter(f.right, e);
    case 'or':
      return matchesLabelFilter(f.left, e) || matchesLabelFilter(f.right, e);
    case 'string': {
      const v = labelValue(e, f.label) ?? '';
      if (f.cmp === '=') return v === f.value;
      if (f.cmp === '!=') return v !== f.value;
      const hit = f.re!.test(v);
      return f.cmp === '=~' ? hit : !hit;
    }
    case 'number': {
      const text = labelValue(e, f.label);
      if (text === undefined) return f.cmp === '!=';
      const n = convertLabel(text, f.unit);
      if (n === undefined) {
        e.labels.__error__ = 'LabelFilterErr';
        return true;
      }
      return compare(n, f.cmp, f.value);
    }
  }
}
