/**
 * A quoted string of a query language (LogQL, TraceQL): `"..."` with Go's common escapes
 * (\n, \t, \r, \" and \\; any other escaped character stands for itself) or raw `` `...` ``.
 * Returns the value and the index after the closing quote, or undefined when it is unterminated.
 */
export function readQuoted(src: string, open: number): [string, number] | undefined {
  const quote = src[open]!;
  let out = '';
  let j = open + 1;
  while (j < src.length) {
    const c = src[j]!;
    if (c === quote) return [out, j + 1];
    if (c === '\\' && quote === '"') {
      const e = src[j + 1];
      if (e === undefined) return undefined;
      out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
      j += 2;
      continue;
    }
    out += c;
    j++;
  }
  return undefined;
}
