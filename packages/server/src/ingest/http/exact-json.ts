/**
 * JSON.parse for OTLP/JSON that keeps 64-bit integers exact. OTLP lets a client send a 64-bit
 * integer (timeUnixNano, intValue, bucket counts) as a JSON number, and nanosecond timestamps
 * are beyond 2^53, where JSON.parse rounds them (e.g. ...466272 becomes ...466368). Every OTLP
 * field that can hold such a number also accepts a decimal string, so integer literals of 16 or
 * more digits are quoted before parsing and the decoders read them exactly, as the Collector
 * does. Node 20's JSON.parse has no access to a number's source text, hence the pre-pass.
 */

/** Integer literals this long may be beyond 2^53 (9007199254740992 has 16 digits). */
const MIN_DIGITS = 16;
const MAYBE_LONG = /\d{16}/;

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const DOT = 46;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Continues a number token: fraction, exponent, sign of the exponent. */
function isNumberPart(c: number): boolean {
  return isDigit(c) || c === DOT || c === 101 || c === 69 || c === 43 || c === MINUS;
}

/** Index just past the string literal whose opening quote is at `open`; text.length if unterminated. */
function endOfString(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let slashes = 0;
    for (let k = q - 1; k > open && text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** The text with every integer literal of 16+ digits (outside strings) turned into a string. */
export function quoteLongIntegers(text: string): string {
  if (!MAYBE_LONG.test(text)) return text;
  let out = '';
  let from = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    if (c !== MINUS && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    let j = c === MINUS ? i + 1 : i;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    const digits = j - (c === MINUS ? i + 1 : i);
    const integer = j >= n || !isNumberPart(text.charCodeAt(j));
    if (integer && digits >= MIN_DIGITS) {
      out += text.slice(from, start) + '"' + text.slice(start, j) + '"';
      from = j;
    }
    while (j < n && isNumberPart(text.charCodeAt(j))) j++;
    i = j;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** JSON.parse with long integer literals kept exact (as decimal strings). */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text)) as unknown;
}
