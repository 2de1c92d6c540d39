/**
 * Numeric and string conversions that must behave as Go's do, because Prometheus' answers are
 * defined by them (strconv.ParseFloat, FormatFloat(v,'f',-1,64), math.Round, math.Pow,
 * model.ParseDuration, strconv.Unquote).
 */

/** Prometheus' stale marker: a NaN with this exact bit pattern ends a series. */
const STALE_HI = 0x7ff00000;
const STALE_LO = 0x00000002;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Writes the StaleNaN bit pattern at `index` of `values` (bitwise, so the payload survives). */
export function writeStaleNaN(values: Float64Array, index: number): void {
  const view = new Uint32Array(values.buffer, values.byteOffset + index * 8, 2);
  view[0] = STALE_LO;
  view[1] = STALE_HI;
}

/** Reads the bits at `index` of `values`: true for the StaleNaN marker. */
export function isStaleAt(words: Uint32Array, index: number): boolean {
  return words[index * 2] === STALE_LO && words[index * 2 + 1] === STALE_HI;
}

/** The 32-bit word view used by isStaleAt. */
export function wordsOf(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
}

export function isStaleNaN(v: number): boolean {
  f64[0] = v;
  return u32[0] === STALE_LO && u32[1] === STALE_HI;
}

/** strconv.ParseFloat(s, 64); undefined where Go returns an error. */
export function parseGoFloat(s: string): number | undefined {
  const t = s.trim() === s ? s : undefined;
  if (t === undefined || t === '') return undefined;
  const lower = t.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, '');
  const neg = lower.startsWith('-');
  if (unsigned === 'inf' || unsigned === 'infinity') return neg ? -Infinity : Infinity;
  if (unsigned === 'nan') return NaN;
  if (/^0x[0-9a-f_]*(\.[0-9a-f_]*)?(p[+-]?\d+)?$/.test(unsigned)) {
    const m = /^0x([0-9a-f_]*)(?:\.([0-9a-f_]*))?(?:p([+-]?\d+))?$/.exec(unsigned.replaceAll('_', ''));
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    let v = parseInt(m[1] || '0', 16);
    const frac = m[2] ?? '';
    for (let i = 0; i < frac.length; i++) v += parseInt(frac[i]!, 16) / 16 ** (i + 1);
    v *= 2 ** Number(m[3] ?? '0');
    return neg ? -v : v;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(lower)) return undefined;
  return Number(t);
}

/** strconv.FormatFloat(v, 'f', -1, 64): shortest representation, never an exponent. */
export function formatGoFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expStr] = m;
  const digits = int! + frac;
  const point = int!.length + Number(expStr);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's %v / 'g' shortest format of a float (used in error messages): 1e+21, 0.1, NaN, +Inf. */
export function formatGoFloatG(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** math.Round: half away from zero. */
export function goRound(v: number): number {
  if (!Number.isFinite(v)) return v;
  const r = Math.round(Math.abs(v));
  const a = Math.abs(v);
  const rounded = a - Math.floor(a) === 0.5 ? Math.floor(a) + 1 : r;
  return v < 0 ? -rounded : rounded;
}

/** math.Pow, which differs from `**` for a base of 1 or -1 with NaN/Inf exponents. */
export function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 24 * 3600e3, 7 * 24 * 3600e3, 24 * 3600e3, 3600e3, 60e3, 1e3, 1];

/** model.ParseDuration; undefined for an invalid string. */
export function parseDurationMs(s: string): number | undefined {
  if (s === '') return undefined;
  if (s === '0') return 0;
  const m = DURATION_RE.exec(s);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNIT_MS[i]!;
  }
  return ms;
}

/** model.Duration.String(): the largest units first, e.g. 1h30m, 5m, 1d, 10ms. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  let out = '';
  let rest = ms;
  if (rest < 0) {
    out = '-';
    rest = -rest;
  }
  const units: [string, number][] = [['y', UNIT_MS[0]!], ['w', UNIT_MS[1]!], ['d', UNIT_MS[2]!], ['h', UNIT_MS[3]!], ['m', UNIT_MS[4]!], ['s', UNIT_MS[5]!], ['ms', 1]];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** strconv.Unquote for PromQL string literals ("...", '...', `...`); undefined if invalid. */
export function unquoteGoString(lit: string): string | undefined {
  if (lit.length < 2) return undefined;
  const q = lit[0];
  if (lit[lit.length - 1] !== q) return undefined;
  const body = lit.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body.replaceAll('\r', '');
  if (q !== '"' && q !== "'") return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === q || c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e in simple) {
      if ((e === '"' && q !== '"') || (e === "'" && q !== "'")) return undefined;
      out += simple[e];
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return undefined;
      const code = parseInt(hex, 16);
      if (e === 'x') out += String.fromCharCode(code);
      else if (code > 0x10ffff) return undefined;
      else out += String.fromCodePoint(code);
      i += hexLen;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const code = parseInt(oct, 8);
      if (code > 255) return undefined;
      out += String.fromCharCode(code);
      i += 2;
      continue;
    }
    return undefined;
  }
  return out;
}

/** Go's strconv.Quote-like quoting used when printing strings in PromQL (%q). */
export function quoteGoString(s: string): string {
  return JSON.stringify(s);
}
