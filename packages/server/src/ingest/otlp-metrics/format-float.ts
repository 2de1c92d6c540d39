/** Go's strconv.FormatFloat(f, 'f', -1, 64), used for `le`/`quantile` labels and attribute text. */
export function formatLabelFloat(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  const s = String(v);
  if (!/e/i.test(s)) return s;
  return expandExponent(s);
}

/** Expands JS's shortest exponent form (e.g. `1.5e-7`, `1e+21`) to plain decimal digits. */
function expandExponent(s: string): string {
  const neg = s.startsWith('-');
  const [mant, expStr] = (neg ? s.slice(1) : s).split(/e/i) as [string, string];
  const exp = Number(expStr);
  const [intPart, fracPart = ''] = mant.split('.') as [string, string | undefined];
  const digits = intPart + fracPart;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + out;
}
