/**
 * LogQL regexes are RE2 (Go). JavaScript's RegExp reads most of RE2 the same way; this turns the
 * two forms LogQL queries use that it does not: named groups `(?P<name>...)` and leading flag
 * groups (`(?i)error`, `(?is)...`). Flags in the middle of a pattern are left to RegExp (which
 * refuses them: the query gets a parse error naming the regex).
 */
export function re2ToRegExp(source: string, anchored: boolean): RegExp {
  let flags = 'u';
  let body = source;
  const lead = /^\(\?([ims]+)\)/.exec(body);
  if (lead) {
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    body = body.slice(lead[0].length);
  }
  body = body.replace(/\(\?P</g, '(?<');
  return new RegExp(anchored ? `^(?:${body})$` : body, flags);
}
