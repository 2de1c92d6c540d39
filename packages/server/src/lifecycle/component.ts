/**
 * The lifecycle contract shared by everything that holds resources or buffers data.
 * `stop()` is idempotent and safe to call before start; anything that buffers also
 * offers `forceFlush()` so that shutdown can drain it before closing.
 */
export interface Readiness {
  ready: boolean;
  /** Why not ready, for /readyz and `pointer status`. */
  reason?: string;
}

export interface Stoppable {
  stop(): Promise<void>;
}

export interface Flushable {
  forceFlush(): Promise<void>;
}

/** Runs `fn` at most once; later calls return the first call's promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}
