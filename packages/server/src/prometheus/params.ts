/**
 * Request parameters as Prometheus' web/api/v1 reads them: from the query string and, for POST,
 * a form-encoded body (both merged, as Go's Request.FormValue does); times as Unix seconds
 * (float) or RFC 3339; durations as float seconds or a Prometheus duration.
 */
import type { FastifyRequest } from 'fastify';
import { badDataError } from '../promql/errors.js';
import { parseDurationMs } from '../promql/go-compat.js';

export class Params {
  constructor(private readonly values: URLSearchParams) {}

  static of(req: FastifyRequest): Params {
    const q = req.url.indexOf('?');
    const merged = new URLSearchParams(q >= 0 ? req.url.slice(q + 1) : '');
    if (req.body instanceof URLSearchParams) for (const [k, v] of req.body) merged.append(k, v);
    return new Params(merged);
  }

  get(name: string): string | undefined {
    const v = this.values.get(name);
    return v === null ? undefined : v;
  }

  all(name: string): string[] {
    return this.values.getAll(name);
  }
}

/** Prometheus' minTime/maxTime, used when start/end are absent. */
export const MIN_TIME_MS = -9223372036854.775;
export const MAX_TIME_MS = 9223372036854.775;

export function parseTimeParam(value: string | undefined, name: string, dflt: number): number {
  if (value === undefined || value === '') return dflt;
  const n = Number(value);
  if (value.trim() !== '' && Number.isFinite(n)) return Math.round(n * 1000);
  const t = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(t)) return t;
  // Prometheus formats its min/max time sentinels this way; clients echo them back
  if (value === '0001-01-01T00:00:00Z' || value === '-292273086-05-16T16:47:06Z') return MIN_TIME_MS;
  if (value === '292277025-08-17T07:12:55.807Z') return MAX_TIME_MS;
  throw badDataError(`invalid parameter "${name}": cannot parse "${value}" to a valid timestamp`);
}

export function parseDurationParam(value: string, name: string): number {
  const n = Number(value);
  if (value.trim() !== '' && Number.isFinite(n)) {
    const ms = Math.round(n * 1000);
    if (ms > 9.2e15) throw badDataError(`invalid parameter "${name}": cannot parse "${value}" to a valid duration. It overflows int64`);
    return ms;
  }
  const d = parseDurationMs(value);
  if (d === undefined) throw badDataError(`invalid parameter "${name}": cannot parse "${value}" to a valid duration`);
  return d;
}

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badDataError(`invalid parameter "limit": cannot parse "${value}" to a valid limit`);
  return n === 0 ? undefined : n;
}
