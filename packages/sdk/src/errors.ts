/** An error answered by a Pointer server, carrying its `PTR_ERR_*` code. */
export class PointerApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly retryable: boolean,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PointerApiError';
  }
}

/** The server could not be reached at all. */
export class PointerConnectionError extends Error {
  readonly code = 'PTR_ERR_CONNECTION';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PointerConnectionError';
  }
}
