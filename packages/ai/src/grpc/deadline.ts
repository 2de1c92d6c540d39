/**
 * Deadlines and cancellation inside CPU-bound work: long computations call `checkpoint()` between
 * units of work, and it throws PTR_ERR_QUERY_TIMEOUT once the client's deadline has passed or the
 * call was cancelled, so the server stops spending CPU on an answer nobody will read.
 */
import type * as grpc from '@grpc/grpc-js';
import { aiError } from '../errors.js';

export type Checkpoint = () => void;

export function deadlineCheckpoint(call: grpc.ServerUnaryCall<unknown, unknown>): Checkpoint {
  const d = call.getDeadline();
  const deadlineMs = d instanceof Date ? d.getTime() : Number.isFinite(d) ? Number(d) : Infinity;
  return () => {
    if (call.cancelled) throw aiError('PTR_ERR_QUERY_TIMEOUT', 'the call was cancelled by the client');
    if (Date.now() >= deadlineMs) throw aiError('PTR_ERR_QUERY_TIMEOUT', `the client's deadline (${new Date(deadlineMs).toISOString()}) passed before the answer was ready`);
  };
}
