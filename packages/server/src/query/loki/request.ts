/** Request parameters of Loki's query API: the envelope, time range, direction and step. */
import { ptrError } from '../../errors/index.js';
import type { QueryContext } from '../context.js';
import { nowNs, oneString, parseDurationNs, parseTime, timeRange } from '../params.js';

type Query = Record<string, unknown>;

export function success(data: unknown) {
  return { status: 'success', data };
}

export function rangeOf(q: QueryContext, query: Query, defaultNs = 3_600_000_000_000n) {
  const end = oneString(query.end);
  const start = oneString(query.start);
  const since = oneString(query.since);
  const endNs = end ? parseTime(end, 'end') : nowNs();
  const startNs = start ? parseTime(start, 'start') : since ? endNs - parseDurationNs(since, 'since') : undefined;
  return timeRange(startNs, endNs, q.limits, defaultNs);
}

export function direction(query: Query): 'backward' | 'forward' {
  const d = (oneString(query.direction) ?? 'backward').toLowerCase();
  if (d !== 'backward' && d !== 'forward') throw ptrError('PTR_ERR_VALIDATION', `direction: expected backward or forward, got ${JSON.stringify(d)}`);
  return d;
}

/** Loki's default step: range / 250, at least 1 s. */
export function stepOf(query: Query, startNs: bigint, endNs: bigint): bigint {
  const step = oneString(query.step);
  if (step) {
    const ns = parseDurationNs(step, 'step');
    if (ns <= 0n) throw ptrError('PTR_ERR_VALIDATION', 'step: must be positive');
    return ns;
  }
  const auto = ((endNs - startNs) / 250n / 1_000_000_000n) * 1_000_000_000n;
  return auto > 1_000_000_000n ? auto : 1_000_000_000n;
}

