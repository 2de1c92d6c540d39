/**
 * Element-wise math functions of instant vectors (Prometheus' simpleFunc family). They drop the
 * metric name. Log functions follow Go's math package, whose log2/log10 differ from
 * JavaScript's in the last bits.
 */

/** Go's math.Frexp: x = frac * 2^exp with frac in [0.5, 1). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let exp = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let frac = x * 2 ** -exp;
  while (Math.abs(frac) < 0.5) {
    frac *= 2;
    exp--;
  }
  while (Math.abs(frac) >= 1) {
    frac /= 2;
    exp++;
  }
  return [frac, exp];
}

export function goLog2(x: number): number {
  const [frac, exp] = frexp(x);
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * (1 / Math.LN2) + exp;
}

export function goLog10(x: number): number {
  return goLog2(x) * (Math.LN2 / Math.LN10);
}

export const INSTANT_MATH: ReadonlyMap<string, (x: number) => number> = new Map<string, (x: number) => number>([
  ['abs', Math.abs],
  ['ceil', Math.ceil],
  ['floor', Math.floor],
  ['exp', Math.exp],
  ['sqrt', Math.sqrt],
  ['ln', Math.log],
  ['log2', goLog2],
  ['log10', goLog10],
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['asin', Math.asin],
  ['acos', Math.acos],
  ['atan', Math.atan],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
  ['tanh', Math.tanh],
  ['asinh', Math.asinh],
  ['acosh', Math.acosh],
  ['atanh', Math.atanh],
  ['deg', (x) => (x * 180) / Math.PI],
  ['rad', (x) => (x * Math.PI) / 180],
  ['sgn', (x) => (x < 0 ? -1 : x > 0 ? 1 : x)],
]);
