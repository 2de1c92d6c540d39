/**
 * Exponential histograms become classic `le` buckets, because Prometheus 2.42's remote-write and
 * query path has no native histograms. Bucket i of scale s covers (base^i, base^(i+1)] with
 * base = 2^(2^-s); negative buckets mirror that, the zero bucket ends at the zero threshold.
 */
import type { OtlpExpHistogramPoint } from './otlp-types.js';

export interface ClassicBuckets {
  /** Upper bounds, ascending, without +Inf. */
  bounds: number[];
  /** Non-cumulative count per bound; the +Inf bucket holds whatever is left of `count`. */
  counts: number[];
}

function bucketBound(index: number, scale: number): number {
  return Math.pow(2, index * Math.pow(2, -scale));
}

export function expToClassic(p: OtlpExpHistogramPoint): ClassicBuckets {
  const bounds: number[] = [];
  const counts: number[] = [];
  const neg = p.negative.bucketCounts;
  for (let k = neg.length - 1; k >= 0; k--) {
    // negative bucket index i covers [-base^(i+1), -base^i): its upper bound is -base^i
    bounds.push(-bucketBound(p.negative.offset + k, p.scale));
    counts.push(neg[k]!);
  }
  bounds.push(p.zeroThreshold);
  counts.push(p.zeroCount);
  const pos = p.positive.bucketCounts;
  for (let k = 0; k < pos.length; k++) {
    bounds.push(bucketBound(p.positive.offset + k + 1, p.scale));
    counts.push(pos[k]!);
  }
  return { bounds, counts };
}
