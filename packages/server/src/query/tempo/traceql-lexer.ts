/**
 * TraceQL's tokens (grafana/tempo pkg/traceql lexer, as documented): spanset braces,
 * operators, strings ("..." with escapes, `...` raw), numbers, durations (Go syntax: 1h30m,
 * 250ms), identifiers and attribute paths (`span.http.route`, `.x`, `resource."a b"`).
 */
import { ptrError } from '../../errors/index.js';
import { readQuoted } from '../quoted-string.js';
import { parseDurationNs } from '../params.js';

export type Token =
  | { t: 'op'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; integer: boolean; at: number }
  | { t: 'duration'; ns: bigint; at: number }
  | { t: 'ident'; v: string; at: number }
  | { t: 'attr'; scope: string; key: string; at: number }
  | { t: 'end'; at: number };

/** Longest first. */
const OPERATORS = ['!>>', '!<<', '&&', '||', '!=', '=~', '!~', '>=', '<=', '>>', '<<', '{', '}', '(', ')', '=', '>', '<', '!', '|', ',', '~', '+', '-', '*', '/', '%', '^'];
/** Characters that end an unquoted attribute name. */
const ATTR_END = /[\s{}()=~!<>&|^,"+*/%]/;
const SCOPES = new Set(['span', 'resource', 'event', 'link', 'instrumentation', 'parent']);

export function queryError(query: string, at: number, message: string): Error {
  return ptrError('PTR_ERR_QUERY', `q: ${message} at character ${at + 1} of ${JSON.stringify(query.length > 120 ? query.slice(0, 120) + '…' : query)}`);
}

function readString(q: string, i: number): [string, number] {
  const read = readQuoted(q, i);
  if (!read) throw queryError(q, i, 'unterminated string');
  return read;
}

function readAttrName(q: string, i: number): [string, number] {
  if (q[i] === '"') return readString(q, i);
  let j = i;
  while (j < q.length && !ATTR_END.test(q[j]!)) j++;
  if (j === i) throw queryError(q, i, 'expected an attribute name');
  return [q.slice(i, j), j];
}

export function lex(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      const [v, j] = readString(q, i);
      out.push({ t: 'string', v, at: i });
      i = j;
      continue;
    }
    if (c === '.' && !/\d/.test(q[i + 1] ?? '')) {
      const [key, j] = readAttrName(q, i + 1);
      out.push({ t: 'attr', scope: '', key, at: i });
      i = j;
      continue;
    }
    const num = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)((?:\d+(?:\.\d+)?)?(?:ns|us|µs|ms|s|m|h))*/.exec(q.slice(i));
    if (/\d/.test(c) && num) {
      const text = num[0];
      const unit = /(ns|us|µs|ms|s|m|h)$/.test(text) && !/[eE]/.test(text);
      if (unit) out.push({ t: 'duration', ns: parseDurationNs(text, 'duration'), at: i }); else out.push({ t: 'number', v: Number(num[1]), integer: /^\d+$/.test(num[1]!), at: i });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w:]*/.exec(q.slice(i))!;
      const word = m[0];
      if (SCOPES.has(word) && q[i + word.length] === '.') {
        const [key, j] = readAttrName(q, i + word.length + 1);
        out.push({ t: 'attr', scope: word, key, at: i });
        i = j;
        continue;
      }
      out.push({ t: 'ident', v: word, at: i });
      i += word.length;
      continue;
    }
    const op = OPERATORS.find((o) => q.startsWith(o, i));
    if (!op) throw queryError(q, i, `unexpected character ${JSON.stringify(c)}`);
    out.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  out.push({ t: 'end', at: q.length });
  return out;
}
