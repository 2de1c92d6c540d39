/**
 * Maps anything thrown inside a route to Pointer's JSON error body and status. Fastify's own
 * errors (body too large, bad JSON, unsupported media type) become the matching PTR_ERR codes.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { asPtrError, isPtrError, ptrError, type PtrError } from '../errors/index.js';

const FASTIFY_CODES: Record<string, (e: FastifyError) => PtrError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (e) => ptrError('PTR_ERR_PAYLOAD_TOO_LARGE', e.message),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', e.message),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: (e) => ptrError('PTR_ERR_BAD_REQUEST', e.message),
  FST_ERR_CTP_EMPTY_JSON_BODY: (e) => ptrError('PTR_ERR_BAD_REQUEST', e.message),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => ptrError('PTR_ERR_DECODE', e.message),
  FST_ERR_VALIDATION: (e) => ptrError('PTR_ERR_VALIDATION', e.message),
};

export function toPtrError(err: unknown): PtrError {
  if (isPtrError(err)) return err;
  const fe = err as FastifyError;
  if (fe && typeof fe.code === 'string') {
    const map = FASTIFY_CODES[fe.code];
    if (map) return map(fe);
    if (fe.statusCode === 400 || (err instanceof SyntaxError && 'body' in (err as object))) return ptrError('PTR_ERR_BAD_REQUEST', fe.message);
  }
  if (err instanceof SyntaxError) return ptrError('PTR_ERR_DECODE', err.message);
  return asPtrError(err);
}

export function sendError(reply: FastifyReply, err: PtrError): FastifyReply {
  if (err.retryAfterSeconds !== undefined) void reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.code(err.status).type('application/json').send({ status: 'error', error: err.toJSON() });
}

export function errorHandler(this: unknown, err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const e = toPtrError(err);
  if (e.code === 'PTR_ERR_INTERNAL') request.log.error({ err }, 'internal error');
  return sendError(reply, e);
}
