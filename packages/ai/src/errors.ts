/**
 * The AI service's coded errors. @pointer/ai cannot import @pointer/server (the server depends on
 * it), so it carries its own small table with the same `PTR_ERR_*` names as the server's
 * `errors/codes.ts`, and each code maps to one gRPC status. Permanent (bad input) or transient
 * (deadline, overload) is decided here, where the error is born.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';

export const AI_ERROR_CODES = {
  PTR_ERR_VALIDATION: { grpc: GrpcStatus.INVALID_ARGUMENT, retryable: false },
  PTR_ERR_PAYLOAD_TOO_LARGE: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, retryable: false },
  PTR_ERR_QUERY_TIMEOUT: { grpc: GrpcStatus.DEADLINE_EXCEEDED, retryable: true },
  PTR_ERR_UNAVAILABLE: { grpc: GrpcStatus.UNAVAILABLE, retryable: true },
  PTR_ERR_INTERNAL: { grpc: GrpcStatus.INTERNAL, retryable: false },
} as const;

export type AiErrorCode = keyof typeof AI_ERROR_CODES;

export class AiError extends Error {
  readonly code: AiErrorCode;
  readonly grpcCode: GrpcStatus;
  readonly retryable: boolean;
  constructor(code: AiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AiError';
    this.code = code;
    this.grpcCode = AI_ERROR_CODES[code].grpc;
    this.retryable = AI_ERROR_CODES[code].retryable;
  }
}

export function aiError(code: AiErrorCode, message: string, options?: { cause?: unknown }): AiError {
  return new AiError(code, message, options);
}

export function isAiError(err: unknown): err is AiError {
  return err instanceof AiError;
}
