/**
 * PromQL errors: coded PtrErrors that also carry Prometheus' API `errorType`, so the HTTP API can
 * answer with Prometheus' envelope (bad_data 400, execution 422, timeout/canceled 503).
 */
import { ptrError, type PtrError } from '../errors/index.js';

export type PromErrorType = 'bad_data' | 'timeout' | 'execution' | 'canceled';

export interface PromQLError extends PtrError {
  promErrorType: PromErrorType;
}

function make(code: 'PTR_ERR_QUERY' | 'PTR_ERR_QUERY_TIMEOUT' | 'PTR_ERR_QUERY_LIMIT', type: PromErrorType, message: string, details?: Record<string, unknown>): PromQLError {
  const err = ptrError(code, message, { details: { promErrorType: type, ...details } }) as PromQLError;
  err.promErrorType = type;
  return err;
}

/** A parse or type error, positioned as Prometheus positions them (`1:5: parse error: ...`). */
export function parseError(message: string, position: { line: number; column: number; start: number; end: number }): PromQLError {
  return make('PTR_ERR_QUERY', 'bad_data', `${position.line}:${position.column}: parse error: ${message}`, { position });
}

/** Any other invalid input (bad parameters, wrong expression type for a range query). */
export function badDataError(message: string): PromQLError {
  return make('PTR_ERR_QUERY', 'bad_data', message);
}

/** A runtime error of the evaluation (Prometheus' errorType "execution"). */
export function executionError(message: string): PromQLError {
  return make('PTR_ERR_QUERY', 'execution', message);
}

export function timeoutError(where: string): PromQLError {
  return make('PTR_ERR_QUERY_TIMEOUT', 'timeout', `query timed out in ${where}`);
}

export function canceledError(where: string): PromQLError {
  return make('PTR_ERR_QUERY_TIMEOUT', 'canceled', `query was canceled in ${where}`);
}

export function tooManySamplesError(): PromQLError {
  return make('PTR_ERR_QUERY_LIMIT', 'execution', 'query processing would load too many samples into memory in query execution');
}

export function isPromQLError(err: unknown): err is PromQLError {
  return typeof err === 'object' && err !== null && typeof (err as { promErrorType?: unknown }).promErrorType === 'string';
}
