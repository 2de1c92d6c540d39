/**
 * Pointer's coded errors. Every error the product raises on purpose is a PtrError made by
 * `ptrError(code, message)`, with its HTTP status and retryability fixed by the code's
 * definition in `codes.ts`. Permanent versus transient is decided where the error is born,
 * and every protocol adapter (HTTP, gRPC, CLI exit codes) maps from the same definition.
 */
import { ERROR_CODES, type ErrorCode, type ErrorDefinition } from './codes.js';

export class PtrError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  /** Seconds a client should wait before retrying, for throttling errors. */
  readonly retryAfterSeconds: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: PtrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const def: ErrorDefinition = ERROR_CODES[code];
    this.name = 'PtrError';
    this.code = code;
    this.status = def.status;
    this.retryable = def.retryable;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** The JSON body every Pointer API answers with on error. */
  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export interface PtrErrorOptions {
  cause?: unknown;
  retryAfterSeconds?: number;
  details?: Record<string, unknown>;
}

/** The one factory for coded errors. */
export function ptrError(code: ErrorCode, message: string, options?: PtrErrorOptions): PtrError {
  return new PtrError(code, message, options);
}

export function isPtrError(err: unknown): err is PtrError {
  return err instanceof PtrError;
}

/** Wrap anything thrown into a PtrError, keeping coded errors as they are. */
export function asPtrError(err: unknown): PtrError {
  if (err instanceof PtrError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new PtrError('PTR_ERR_INTERNAL', message, { cause: err });
}
