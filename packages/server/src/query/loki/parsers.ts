/**
 * LogQL's parser stages, as Loki defines them:
 * - json: every scalar of the object, nested keys joined with `_` (`{"a":{"b":1}}` -> a_b="1");
 *   arrays are skipped; with parameters (`json status="response.code", first="items[0]"`) only
 *   those paths. Not an object: undefined (the caller sets __error__).
 * - logfmt: `key=value` pairs, values quoted or bare, a bare key gets "".
 * - pattern: `<name>` captures and literal text between them, `<_>` captures nothing.
 * Label names are sanitized as Loki does: characters outside [a-zA-Z0-9_] become `_`.
 */

export type PatternPart = { literal: string } | { capture: string };

const sanitized = new Map<string, string>();

/** Keys repeat from line to line: their label names are remembered (up to 10k of them). */
export function sanitizeLabel(key: string): string {
  let n = sanitized.get(key);
  if (n !== undefined) return n;
  n = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(n)) n = `_${n}`;
  if (sanitized.size >= 10_000) sanitized.clear();
  sanitized.set(key, n);
  return n;
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function flatten(prefix: string, o: Record<string, unknown>, out: [string, string][]): void {
  for (const [k, v] of Object.entries(o)) {
    const name = prefix === '' ? sanitizeLabel(k) : `${prefix}_${sanitizeLabel(k)}`;
    if (v !== null && typeof v === 'object') {
      if (!Array.isArray(v)) flatten(name, v as Record<string, unknown>, out);
      continue;
    }
    const text = scalarText(v);
    if (text !== undefined) out.push([name, text]);
  }
}

export function extractJson(line: string, extract?: { label: string; path: (string | number)[] }[]): [string, string][] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const out: [string, string][] = [];
  if (!extract) {
    flatten('', doc as Record<string, unknown>, out);
    return out;
  }
  for (const { label, path } of extract) {
    let v: unknown = doc;
    for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
    // an object or array at the path comes back as its JSON text, as Loki does
    const text = v !== null && typeof v === 'object' ? JSON.stringify(v) : scalarText(v);
    if (text !== undefined) out.push([label, text]);
  }
  return out;
}

/** `a.b[0].c` or `["a b"].c` into its steps. */
export function parseJsonPath(expr: string): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  const re = /\s*(?:\.?([A-Za-z_][\w-]*)|\[\s*(\d+)\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\])/y;
  let at = 0;
  while (at < expr.length) {
    re.lastIndex = at;
    const m = re.exec(expr);
    if (!m) return undefined;
    path.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!.replace(/\\(.)/g, '$1')));
    at = re.lastIndex;
  }
  return path.length > 0 ? path : undefined;
}

export function extractLogfmt(line: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line[i] === ' ') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && line[i] !== '=' && line[i] !== ' ') i++;
    const key = line.slice(keyStart, i);
    if (key === '' || key.includes('"')) return undefined;
    if (line[i] !== '=') {
      out.push([sanitizeLabel(key), '']);
      continue;
    }
    i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = line[i]!;
        if (c === '\\' && i + 1 < n) {
          const e = line[i + 1]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        value += c;
        i++;
      }
      if (!closed) return undefined;
    } else {
      const start = i;
      while (i < n && line[i] !== ' ') i++;
      value = line.slice(start, i);
    }
    out.push([sanitizeLabel(key), value]);
  }
  return out;
}

/** `<ip> - - [<_>] "<method> <uri> <_>"`: captures and literals; undefined if it has no capture or two captures touch. */
export function parsePattern(p: string): PatternPart[] | undefined {
  const parts: PatternPart[] = [];
  const re = /<([A-Za-z_][A-Za-z0-9_]*)>/g;
  let last = 0;
  for (const m of p.matchAll(re)) {
    if (m.index! > last) parts.push({ literal: p.slice(last, m.index) });
    else if (parts.length > 0 && 'capture' in parts[parts.length - 1]!) return undefined;
    parts.push({ capture: m[1]! });
    last = m.index! + m[0].length;
  }
  if (last < p.length) parts.push({ literal: p.slice(last) });
  return parts.some((x) => 'capture' in x) ? parts : undefined;
}

export function extractPattern(parts: readonly PatternPart[], line: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if ('literal' in part) {
      if (!line.startsWith(part.literal, at)) return undefined;
      at += part.literal.length;
      continue;
    }
    const next = parts[i + 1];
    let end = line.length;
    if (next && 'literal' in next) {
      end = line.indexOf(next.literal, at);
      if (end < 0) return undefined;
    }
    if (part.capture !== '_') out.push([part.capture, line.slice(at, end)]);
    at = end;
  }
  return out;
}
