/**
 * Prometheus' error envelope: `{status: "error", errorType, error}` with the status code that
 * Prometheus' web/api/v1 gives each errorType (bad_data 400, execution 422, canceled 499,
 * timeout 503, unavailable 503, not_found 404, internal 500). Authentication and rate-limit
 * refusals keep Pointer's status (401/403/429) under errorType bad_data/unavailable.
 */
import type { FastifyReply } from 'fastify';
import { toPtrError } from '../http/errors.js';
import { isPromQLError } from '../promql/errors.js';

export type PromErrorType = 'bad_data' | 'execution' | 'canceled' | 'timeout' | 'unavailable' | 'not_found' | 'internal';

const STATUS: Record<PromErrorType, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  unavailable: 503,
  not_found: 404,
  internal: 500,
};

export function promErrorOf(err: unknown): { status: number; errorType: PromErrorType; message: string; retryAfter?: number } {
  if (isPromQLError(err)) return { status: STATUS[err.promErrorType], errorType: err.promErrorType, message: err.message };
  const e = toPtrError(err);
  let errorType: PromErrorType;
  switch (e.code) {
    case 'PTR_ERR_QUERY_TIMEOUT':
      errorType = 'timeout';
      break;
    case 'PTR_ERR_QUERY_LIMIT':
      errorType = 'execution';
      break;
    case 'PTR_ERR_NOT_FOUND':
      errorType = 'not_found';
      break;
    default:
      errorType = e.status >= 500 ? (e.retryable ? 'unavailable' : 'internal') : 'bad_data';
  }
  const status = e.status === 401 || e.status === 403 || e.status === 429 || e.status === 413 || e.status === 415 ? e.status : STATUS[errorType];
  return { status, errorType, message: e.message, ...(e.retryAfterSeconds !== undefined ? { retryAfter: e.retryAfterSeconds } : {}) };
}

export function sendPromError(reply: FastifyReply, err: unknown): FastifyReply {
  const p = promErrorOf(err);
  if (p.retryAfter !== undefined) void reply.header('retry-after', String(p.retryAfter));
  return reply.code(p.status).type('application/json').send({ status: 'error', errorType: p.errorType, error: p.message });
}

export function success<T>(data: T, warnings?: string[]): { status: 'success'; data: T; warnings?: string[] } {
  return warnings && warnings.length ? { status: 'success', data, warnings } : { status: 'success', data };
}
