/**
 * Quantiles as Prometheus computes them (promql/quantile.go): `quantile`/`quantile_over_time`
 * over raw values and `histogram_quantile` over classic `le` buckets, with Prometheus'
 * coalescing of duplicate bounds and its monotonicity fix.
 */

/** Go's sort order for vectorByValueHeap: NaN first, then ascending. */
function lessNaNFirst(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a - b;
}

/** Prometheus' quantile(): linear interpolation between the closest ranks. Sorts `values`. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort(lessNaNFirst);
  const n = values.length;
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return values[lowerIndex]! * (1 - weight) + values[upperIndex]! * weight;
}

/**
 * bucketQuantile over buckets already sorted by upper bound, as parallel arrays (no objects per
 * sample). `counts` is scratch: coalesced and made monotonic in place. Same results as
 * bucketQuantile.
 */
export function sortedBucketQuantile(q: number, bounds: Float64Array, countsIn: Float64Array, n: number): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (n === 0 || bounds[n - 1] !== Infinity) return NaN;
  // Coalesce equal bounds (written differently, e.g. "0.2" and "2e-1").
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && bounds[i] === bounds[m - 1]) countsIn[m - 1] = countsIn[m - 1]! + countsIn[i]!;
    else {
      bounds[m] = bounds[i]!;
      countsIn[m] = countsIn[i]!;
      m++;
    }
  }
  let max = -Infinity;
  for (let i = 0; i < m; i++) {
    const c = countsIn[i]!;
    if (c > max) max = c;
    else if (c < max) countsIn[i] = max;
  }
  if (m < 2) return NaN;
  const observations = countsIn[m - 1]!;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = m - 1;
  for (let i = 0; i < m - 1; i++) {
    if (countsIn[i]! >= rank) {
      b = i;
      break;
    }
  }
  if (b === m - 1) return bounds[m - 2]!;
  if (b === 0 && bounds[0]! <= 0) return bounds[0]!;
  let bucketStart = 0;
  const bucketEnd = bounds[b]!;
  let count = countsIn[b]!;
  if (b > 0) {
    bucketStart = bounds[b - 1]!;
    count -= countsIn[b - 1]!;
    rank -= countsIn[b - 1]!;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}
