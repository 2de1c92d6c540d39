/**
 * Bounds what ingest holds at once: requests and decoded bytes from admission until the bus
 * acknowledged them. When full, new requests are refused with PTR_ERR_OVERLOADED (retryable,
 * with Retry-After) before anything is decoded; what was admitted is never dropped.
 */
import { ptrError, type PtrError } from '../errors/index.js';

export class Admission {
  private requests = 0;
  private bytes = 0;

  constructor(
    private readonly maxRequests: number,
    private readonly maxBytes: number,
    private readonly retryAfterSeconds: number,
  ) {}

  /** Takes a slot for `bytes`, or returns the overload error. Release exactly once. */
  tryAcquire(bytes: number): PtrError | undefined {
    if (this.requests >= this.maxRequests) return this.full(`${this.maxRequests} requests in flight`);
    // a single request larger than the whole budget is still admitted when nothing else is in flight
    if (this.bytes + bytes > this.maxBytes && this.requests > 0) return this.full(`${this.bytes} bytes in flight`);
    this.requests++;
    this.bytes += bytes;
    return undefined;
  }

  release(bytes: number): void {
    this.requests--;
    this.bytes -= bytes;
  }

  get inFlightRequests(): number {
    return this.requests;
  }

  get inFlightBytes(): number {
    return this.bytes;
  }

  private full(what: string): PtrError {
    return ptrError('PTR_ERR_OVERLOADED', `ingest is at capacity (${what}); retry later`, { retryAfterSeconds: this.retryAfterSeconds });
  }
}
