/** LogQL's tokens: strings ("..." with escapes, `...` raw), operators, byte sizes, durations, numbers, identifiers. */
import { ptrError } from '../../errors/index.js';
import { readQuoted } from '../quoted-string.js';

export type Tok = { t: 'ident' | 'str' | 'num' | 'dur' | 'bytes' | 'op' | 'punct'; v: string; at: number };

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === '`') {
      const read = readQuoted(src, i);
      if (!read) throw ptrError('PTR_ERR_QUERY', `parse error at position ${at + 1}: unterminated string`);
      const [v, j] = read;
      out.push({ t: 'str', v, at });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['|=', '!=', '|~', '!~', '=~', '==', '>=', '<='].includes(two)) {
      out.push({ t: 'op', v: two, at });
      i += 2;
      continue;
    }
    if ('{}()[],=+-*/|<>'.includes(c)) {
      out.push({ t: '=<>'.includes(c) ? 'op' : 'punct', v: c, at });
      i++;
      continue;
    }
    const bytes = /^\d+(?:\.\d+)?(?:[kKmMgGtTpPeE]i?[bB]|[bB])(?![A-Za-z0-9_])/.exec(src.slice(i));
    if (bytes) {
      out.push({ t: 'bytes', v: bytes[0], at });
      i += bytes[0].length;
      continue;
    }
    const dur = /^\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y))*/.exec(src.slice(i));
    if (dur) {
      out.push({ t: 'dur', v: dur[0], at });
      i += dur[0].length;
      continue;
    }
    const num = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?/i.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], at });
      i += num[0].length;
      continue;
    }
    const id = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'ident', v: id[0], at });
      i += id[0].length;
      continue;
    }
    throw ptrError('PTR_ERR_QUERY', `parse error at position ${at + 1}: unexpected ${JSON.stringify(c)}`);
  }
  return out;
}

