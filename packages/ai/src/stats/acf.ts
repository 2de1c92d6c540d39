/**
 * Autocorrelation by FFT (Wiener–Khinchin: the ACF is the inverse transform of the power
 * spectrum), and seasonal periods found as its strongest peaks. O(n log n), so period search
 * costs little even for long series.
 */
import FFT from 'fft.js';

function nextPow2(n: number): number {
  let p = 4;
  while (p < n) p *= 2;
  return p;
}

/** Removes the least-squares line, so that a trend does not masquerade as correlation at every lag. */
export function detrend(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const y = values[i]!;
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
  }
  const den = n * sxx - sx * sx;
  const slope = den === 0 ? 0 : (n * sxy - sx * sy) / den;
  const intercept = n === 0 ? 0 : (sy - slope * sx) / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i]! - (intercept + slope * i);
  return out;
}

/** Autocorrelation r[0..maxLag] of the detrended series (r[0] = 1; all 0 for a constant series). */
export function autocorrelation(values: ArrayLike<number>, maxLag: number): Float64Array {
  const n = values.length;
  const x = detrend(values);
  const size = nextPow2(2 * n);
  const fft = new FFT(size);
  const input = new Float64Array(size);
  input.set(x);
  const spec = fft.createComplexArray();
  fft.realTransform(spec, input);
  fft.completeSpectrum(spec);
  for (let i = 0; i < size; i++) {
    const re = spec[2 * i]!;
    const im = spec[2 * i + 1]!;
    spec[2 * i] = re * re + im * im;
    spec[2 * i + 1] = 0;
  }
  const back = fft.createComplexArray();
  fft.inverseTransform(back, spec);
  const lags = Math.max(0, Math.min(maxLag, n - 1));
  const r = new Float64Array(lags + 1);
  const r0 = back[0]!;
  if (!(r0 > 1e-12 * n)) return r;
  // The standard biased estimator (divide every lag by the same sum) keeps |r| ≤ 1.
  for (let k = 0; k <= lags; k++) r[k] = back[2 * k]! / r0;
  return r;
}

export interface PeriodOptions {
  /** Smallest period considered, in points. */
  minPeriod?: number;
  /** Need this many full cycles in the data for a period to count. */
  minCycles?: number;
  /** Autocorrelation a peak must reach. */
  minCorrelation?: number;
  /** How many periods to return at most (e.g. daily and weekly). */
  max?: number;
}

/**
 * The ACF peak of a noisy series can sit a point or two off the true period, and a season one
 * point too long drifts out of phase. Refines the lag to the one with the smallest mean absolute
 * difference between the series and itself shifted (AMDF) within ±10 % of it.
 */
function refineLag(values: ArrayLike<number>, lag: number, maxLag: number): number {
  const w = Math.max(1, Math.round(lag * 0.1));
  let best = lag;
  let bestD = Infinity;
  for (let L = Math.max(2, lag - w); L <= Math.min(maxLag, lag + w); L++) {
    const diffs = new Float64Array(values.length - L);
    for (let i = L; i < values.length; i++) diffs[i - L] = values[i]! - values[i - L]!;
    // Centring the differences on their mean cancels any linear trend (it adds slope·L to each).
    let shift = 0;
    for (const v of diffs) shift += v;
    shift /= diffs.length;
    let d = 0;
    for (const v of diffs) d += Math.abs(v - shift);
    d /= diffs.length;
    if (d < bestD * (1 - 1e-12)) {
      bestD = d;
      best = L;
    }
  }
  return best;
}

function isMultiple(long: number, short: number): boolean {
  const ratio = long / short;
  return Math.round(ratio) >= 1 && Math.abs(ratio - Math.round(ratio)) < 0.05;
}

/**
 * Seasonal periods, base period first: lags where the ACF has a local peak (higher than every lag
 * within ±10 % of it) above `minCorrelation`, after a dip between lag 0 and the peak. The base
 * period is the shortest peak that the strongest one is a whole multiple of (a weekly pattern
 * with quiet weekends can correlate better at 7 days than at 1, but the day is still the season);
 * a longer multiple (the week) is added when it correlates clearly better than the base repeating.
 */
export function findPeriods(values: ArrayLike<number>, options: PeriodOptions = {}): number[] {
  const minPeriod = options.minPeriod ?? 4;
  const minCycles = options.minCycles ?? 2;
  const minCorr = options.minCorrelation ?? 0.3;
  const max = options.max ?? 2;
  const n = values.length;
  const maxLag = Math.floor(n / minCycles);
  if (maxLag < minPeriod * 2) return [];
  const r = autocorrelation(values, maxLag);
  // The biased estimator shrinks lag k by (n − k)/n; undo that when comparing lags, so that with
  // few cycles the peak is not pulled towards shorter lags.
  for (let k = 1; k <= maxLag; k++) r[k] = (r[k]! * n) / (n - k);
  const peaks: { lag: number; r: number }[] = [];
  let minBefore = Infinity;
  for (let lag = 1; lag <= maxLag; lag++) {
    const v = r[lag]!;
    if (lag >= minPeriod && v >= minCorr && v - minBefore > 0.2) {
      const w = Math.max(1, Math.floor(lag / 10));
      let isPeak = true;
      for (let j = Math.max(1, lag - w); j <= Math.min(maxLag, lag + w); j++) {
        if (j !== lag && r[j]! > v) {
          isPeak = false;
          break;
        }
      }
      if (isPeak) peaks.push({ lag, r: v });
    }
    minBefore = Math.min(minBefore, v);
  }
  if (peaks.length === 0) return [];
  peaks.sort((a, b) => b.r - a.r || a.lag - b.lag);
  const best = peaks[0]!;
  const base = peaks.filter((p) => isMultiple(best.lag, p.lag)).sort((a, b) => a.lag - b.lag)[0]!;
  const out = [refineLag(values, base.lag, maxLag)];
  for (const p of peaks) {
    if (out.length >= max) break;
    if (p.lag <= base.lag || !isMultiple(p.lag, base.lag) || Math.round(p.lag / base.lag) < 3) continue;
    if (out.length > 1 && out.includes(p.lag)) continue;
    if (p.r > (r[p.lag - base.lag] ?? 0) + 0.05) out.push(p.lag);
  }
  return out;
}
