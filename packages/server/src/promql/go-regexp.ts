/**
 * Go (RE2) regular expressions on JavaScript's engine: Prometheus anchors matcher and
 * label_replace regexes as `^(?:re)$` and expands replacements with Go's `$1`/`${name}` rules.
 * RE2 syntax that JavaScript lacks (leading flag groups, `(?P<name>`, `\z`, `\Q..\E`) is
 * translated; backreferences and lookarounds, which RE2 rejects, are rejected here too.
 */

/** Translates an RE2 pattern to a JavaScript source and flags; throws on unsupported syntax. */
function translate(re: string): { source: string; flags: string } {
  let flags = '';
  let src = re;
  // Leading flag groups such as (?i) or (?is) apply to the whole expression in practice.
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('i')) flags += 'i';
    if (lead[1]!.includes('s')) flags += 's';
    if (lead[1]!.includes('m')) flags += 'm';
    src = src.slice(lead[0].length);
  }
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new Error('trailing backslash at end of expression');
      if (n === 'z') out += '$(?![\\s\\S])';
      else if (n === 'A') out += '^';
      else if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end === -1 ? undefined : end);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end === -1 ? src.length : end + 1;
        continue;
      } else if (/[1-9]/.test(n) || n === 'k') throw new Error(`invalid escape sequence: \`\\${n}\``);
      else out += c + n;
      i++;
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      if (src[i + 2] === 'P' && src[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      if (src[i + 2] === '=' || src[i + 2] === '!' || (src[i + 2] === '<' && (src[i + 3] === '=' || src[i + 3] === '!'))) {
        throw new Error(`invalid or unsupported Perl syntax: \`${src.slice(i, i + 3)}\``);
      }
    }
    out += c;
  }
  return { source: out, flags };
}

/** Compiles `^(?:re)$` as Prometheus does; throws an Error with Go-like text when invalid. */
export function compileAnchored(re: string): RegExp {
  const { source, flags } = translate(re);
  try {
    return new RegExp(`^(?:${source})$`, flags);
  } catch (err) {
    throw new Error(`error parsing regexp: ${(err as Error).message}`);
  }
}

/** Go's Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown names expand to "". */
export function expandGo(template: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    let consumed = 0;
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close === -1 ? '' : template.slice(i + 2, close);
      if (close !== -1 && /^\w+$/.test(inner)) {
        name = inner;
        consumed = close - i;
      }
    } else {
      const m = /^\w+/.exec(template.slice(i + 1));
      if (m) {
        name = m[0];
        consumed = m[0].length;
      }
    }
    if (name === undefined) {
      // Go copies a malformed `$` reference through literally.
      out += c;
      continue;
    }
    i += consumed;
    if (/^\d+$/.test(name)) {
      const idx = Number(name);
      out += idx < match.length ? (match[idx] ?? '') : '';
    } else {
      out += match.groups?.[name] ?? '';
    }
  }
  return out;
}
