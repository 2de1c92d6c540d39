/**
 * Request validation: every problem is an INVALID_ARGUMENT (or RESOURCE_EXHAUSTED for size)
 * whose message names the field and, for arrays, the index, e.g. `series.values[12]: not a
 * finite number`. Nothing is computed for a request that fails here.
 */
import { aiError } from '../errors.js';
import type { AiLimits } from './limits.js';
import type { SeriesMsg } from './messages.js';

export interface CheckedSeries {
  name: string;
  timestamps: number[];
  values: number[];
}

export function checkSeries(s: SeriesMsg | null | undefined, field: string, limits: AiLimits, minPoints: number): CheckedSeries {
  if (s === null || s === undefined) throw aiError('PTR_ERR_VALIDATION', `${field}: required`);
  const { timestampsMs: ts, values } = s;
  if (values.length > limits.maxPointsPerSeries) {
    throw aiError('PTR_ERR_PAYLOAD_TOO_LARGE', `${field}.values: ${values.length} points, more than the limit of ${limits.maxPointsPerSeries}`);
  }
  if (ts.length !== values.length) {
    throw aiError('PTR_ERR_VALIDATION', `${field}: timestamps_ms has ${ts.length} entries but values has ${values.length}`);
  }
  if (values.length < minPoints) throw aiError('PTR_ERR_VALIDATION', `${field}.values: ${values.length} points, at least ${minPoints} needed`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw aiError('PTR_ERR_VALIDATION', `${field}.values[${i}]: not a finite number`);
    if (!Number.isFinite(ts[i])) throw aiError('PTR_ERR_VALIDATION', `${field}.timestamps_ms[${i}]: not a valid timestamp`);
    if (i > 0 && ts[i]! <= ts[i - 1]!) throw aiError('PTR_ERR_VALIDATION', `${field}.timestamps_ms[${i}]: ${ts[i]} is not after the previous timestamp ${ts[i - 1]}`);
  }
  return { name: s.name, timestamps: ts, values };
}

export function checkRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw aiError('PTR_ERR_VALIDATION', `${field}: ${value} is outside [${min}, ${max}]`);
  return value;
}

export function checkEnum<T extends string>(value: string, field: string, map: Record<string, T | undefined>): T | undefined {
  if (!(value in map)) throw aiError('PTR_ERR_VALIDATION', `${field}: unknown value ${value}`);
  return map[value];
}
