/**
 * The part of Go's text/template that LogQL's line_format and label_format use most:
 * `{{.label}}`, `{{ .label | ToUpper }}`, `{{ __line__ }}`, `{{ __timestamp__ }}` and string
 * literals, piped through ToUpper/upper, ToLower/lower, TrimSpace/trim, title. Anything else
 * is refused when the query is parsed.
 */
import { labelValue, type Entry } from './pipeline.js';

type Value = { field: string } | { line: true } | { timestamp: true } | { literal: string };
type Segment = { text: string } | { value: Value; fns: ((s: string) => string)[] };
export type Template = Segment[];

const FUNCTIONS: Record<string, (s: string) => string> = {
  ToUpper: (s) => s.toUpperCase(),
  upper: (s) => s.toUpperCase(),
  ToLower: (s) => s.toLowerCase(),
  lower: (s) => s.toLowerCase(),
  TrimSpace: (s) => s.trim(),
  trim: (s) => s.trim(),
  title: (s) => s.replace(/\b\w/g, (c) => c.toUpperCase()),
};

/** The template, or the message saying what it cannot read. */
export function parseTemplate(src: string): Template | string {
  const out: Template = [];
  let at = 0;
  while (at < src.length) {
    const open = src.indexOf('{{', at);
    if (open < 0) {
      out.push({ text: src.slice(at) });
      break;
    }
    if (open > at) out.push({ text: src.slice(at, open) });
    const close = src.indexOf('}}', open + 2);
    if (close < 0) return 'unclosed {{ in template';
    const action = src.slice(open + 2, close).replace(/^-\s*|\s*-$/g, '').trim();
    const [head, ...pipes] = action.split('|').map((s) => s.trim());
    let value: Value;
    if (/^\.[A-Za-z_][A-Za-z0-9_]*$/.test(head ?? '')) value = { field: head!.slice(1) };
    else if (head === '__line__') value = { line: true };
    else if (head === '__timestamp__') value = { timestamp: true };
    else if (/^"(?:[^"\\]|\\.)*"$/.test(head ?? '')) value = { literal: (JSON.parse(head!) as string) };
    else return `template action {{${action}}} is not supported (use {{.label}}, {{__line__}} or {{__timestamp__}}, piped through ${Object.keys(FUNCTIONS).join(', ')})`;
    const fns: ((s: string) => string)[] = [];
    for (const p of pipes) {
      const fn = FUNCTIONS[p];
      if (!fn) return `template function ${JSON.stringify(p)} is not supported (${Object.keys(FUNCTIONS).join(', ')} are)`;
      fns.push(fn);
    }
    out.push({ value, fns });
    at = close + 2;
  }
  return out;
}

export function renderTemplate(t: Template, e: Entry): string {
  let out = '';
  for (const s of t) {
    if ('text' in s) {
      out += s.text;
      continue;
    }
    const v = s.value;
    let text = 'field' in v ? labelValue(e, v.field) ?? '' : 'line' in v ? e.line : 'timestamp' in v ? new Date(Number(e.tsNs / 1_000_000n)).toISOString() : v.literal;
    for (const fn of s.fns) text = fn(text);
    out += text;
  }
  return out;
}
