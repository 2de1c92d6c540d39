/**
 * Trace search reads newest first, in windows that grow by a factor of 4 from 15 seconds
 * (15 s, 1, 4, 16, 64 minutes, ...), and stops as soon as it has `limit` traces. The windows
 * start at the end of the newest 15-second bucket that holds spans (found first by reading the
 * sort key backwards), not at the end of the asked range, so a range whose newest part is empty
 * costs nothing. The spans table is sorted by that bucket and trace id (schema.ts), so the first
 * window is exactly one bucket and every window reads only its own buckets: a search whose
 * matches are common is answered from the newest seconds whatever the range, and a rare one
 * costs at most about 4/3 of one pass over the range.
 *
 * The answer is the same as one query over the whole range: traces are ranked by their newest
 * matching span, and every span of a newer window is newer than every span of an older one.
 */
import { TRACES_BUCKET_SECONDS } from './schema.js';
import type { TimeRange } from './trace-store.js';

/** One bucket of the sort key: every window then covers whole buckets. */
const FIRST_WINDOW_NS = BigInt(TRACES_BUCKET_SECONDS) * 1_000_000_000n;
const GROWTH = 4n;

/** The windows of `range`, newest first; together they cover it exactly, without overlap. */
export function searchWindows(range: TimeRange): TimeRange[] {
  const out: TimeRange[] = [];
  let end = range.endNs;
  let size = FIRST_WINDOW_NS;
  while (end >= range.startNs) {
    const start = end - size + 1n > range.startNs ? end - size + 1n : range.startNs;
    out.push({ startNs: start, endNs: end });
    end = start - 1n;
    size *= GROWTH;
  }
  return out;
}
