/** An error answered by a Pointer server, carrying its `PTR_ERR_*` code. */
export class PointerApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly retryable: boolean,
    readonly details?: Record<string, unknown>,
    /** Seconds the server asked to wait (Retry-After), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'PointerApiError';
  }
}

/** The server could not be reached at all (DNS, refused, reset, timeout). */
export class PointerConnectionError extends Error {
  readonly code = 'PTR_ERR_CONNECTION';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PointerConnectionError';
  }
}

export function isPointerError(err: unknown): err is PointerApiError | PointerConnectionError {
  return err instanceof PointerApiError || err instanceof PointerConnectionError;
}
