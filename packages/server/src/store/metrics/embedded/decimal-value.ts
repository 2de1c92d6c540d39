/**
 * Sample values are stored as decimals, as VictoriaMetrics does, but exactly: a value v is kept as
 * (mantissa Int64, scale Int8) with v = mantissa / 10^scale when that division gives v's very bits
 * back, and as its raw IEEE bits otherwise (scale = RAW_SCALE). Why: metric values are mostly
 * counters and gauges with few decimal places, and consecutive integers of one series compress
 * to about a byte with DoubleDelta + ZSTD, where the same values as float bits need 2.2 bytes
 * (measured on the benchmark's load, docs/metrics.md).
 *
 * Exactness: the mantissa is a safe integer (|m| <= 2^53 - 1, exact as a double), 10^scale is
 * exact for scale <= 22, and IEEE division is correctly rounded, so the engine's
 * `mantissa / exp10(scale)` is the same double that `m / 10 ** scale` is here; the check below
 * accepts a scale only when that double is v. NaN (the staleness marker's payload included),
 * infinities, -0 and magnitudes beyond 2^53 keep their bits.
 */
export const RAW_SCALE = -1;
/** 10^22 is the largest power of ten a double holds exactly. */
export const MAX_SCALE = 22;
const POW10 = Float64Array.from({ length: MAX_SCALE + 1 }, (_, k) => Number(`1e${k}`));
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The scale to store `v` at: `hint` (the scale its series used last) when it is exact, so that a
 * series keeps one scale and its mantissas stay a smooth sequence; otherwise the fewest decimal
 * places that are exact; RAW_SCALE when none is.
 */
export function decimalScale(v: number, hint: number): number {
  // NaN and infinities fail the comparison; -0 would come back as +0
  if (!(Math.abs(v) <= MAX_SAFE) || (v === 0 && 1 / v < 0)) return RAW_SCALE;
  if (hint >= 0 && hint <= MAX_SCALE) {
    const m = Math.round(v * POW10[hint]!);
    if (Math.abs(m) <= MAX_SAFE && m / POW10[hint]! === v) return hint;
  }
  for (let k = 0; k <= MAX_SCALE; k++) {
    const x = v * POW10[k]!;
    // more places only make the mantissa larger
    if (!(Math.abs(x) <= MAX_SAFE)) break;
    if (Math.round(x) / POW10[k]! === v) return k;
  }
  return RAW_SCALE;
}

/** The mantissa of `v` at `scale` (a scale decimalScale returned for it, not RAW_SCALE). */
export function mantissaAt(v: number, scale: number): number {
  return Math.round(v * POW10[scale]!);
}

/** The engine's expression for the stored value: the samples table's `value` ALIAS. */
export const VALUE_EXPRESSION = `if(scale < 0, reinterpretAsFloat64(mantissa), mantissa / exp10(scale))`;
