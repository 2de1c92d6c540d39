/**
 * OTLP answers: Export<X>ServiceResponse with partial_success (protobuf and JSON), the
 * google.rpc.Status error body (with RetryInfo when retryable), and the mapping from
 * Pointer's coded errors to gRPC status codes (as the Collector maps them).
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { PtrError } from '../errors/index.js';
import { ProtoWriter } from './protobuf/index.js';
import type { Signal } from './pipeline.js';

const REJECTED_JSON_KEY: Record<Signal, string> = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' };

/** ExportXServiceResponse: partial_success (1) { rejected (1), error_message (2) }, unset on full success. */
export function exportResponseProtobuf(rejected: number, errorMessage: string): Uint8Array {
  if (rejected === 0 && errorMessage === '') return new Uint8Array(0);
  const w = new ProtoWriter(64 + errorMessage.length * 3);
  const m = w.beginLen(1);
  w.int64Field(1, BigInt(rejected));
  w.stringField(2, errorMessage);
  w.endLen(m);
  return w.finish();
}

export function exportResponseJson(signal: Signal, rejected: number, errorMessage: string): Record<string, unknown> {
  if (rejected === 0 && errorMessage === '') return {};
  return { partialSuccess: { [REJECTED_JSON_KEY[signal]]: String(rejected), errorMessage } };
}

export function grpcCodeOf(err: PtrError): GrpcStatus {
  switch (err.status) {
    case 400:
    case 415:
    case 405:
      return GrpcStatus.INVALID_ARGUMENT;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.NOT_FOUND;
    case 413:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 429:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 503:
      return GrpcStatus.UNAVAILABLE;
    default:
      return err.retryable ? GrpcStatus.UNAVAILABLE : GrpcStatus.INTERNAL;
  }
}

/**
 * google.rpc.Status { code (1), message (2), details (3) Any }. Retryable errors carry
 * google.rpc.RetryInfo { retry_delay (1) Duration { seconds (1) } }.
 */
export function statusProtobuf(code: number, message: string, retryDelaySeconds?: number): Uint8Array {
  const w = new ProtoWriter(64 + message.length * 3);
  w.int32Field(1, code);
  w.stringField(2, message);
  if (retryDelaySeconds !== undefined) {
    const any = w.beginLen(3);
    w.stringField(1, 'type.googleapis.com/google.rpc.RetryInfo');
    const value = w.beginLen(2);
    const delay = w.beginLen(1);
    w.int64Field(1, BigInt(retryDelaySeconds));
    w.endLen(delay);
    w.endLen(value);
    w.endLen(any);
  }
  return w.finish();
}

export function statusJson(code: number, message: string, retryDelaySeconds?: number): Record<string, unknown> {
  return {
    code,
    message,
    ...(retryDelaySeconds !== undefined ? { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` }] } : {}),
  };
}

/** The Retry-After delay for an error, if it is retryable. */
export function retryDelayOf(err: PtrError): number | undefined {
  if (!err.retryable) return undefined;
  return err.retryAfterSeconds ?? 1;
}
