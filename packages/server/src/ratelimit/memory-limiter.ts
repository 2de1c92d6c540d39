/** In-process buckets for the embedded mode, bounded: the least recently used key is dropped first. */
import { refill, retryAfter, type BucketRule, type RateLimiter, type TakeResult } from './limiter.js';

interface Bucket {
  tokens: number;
  lastMs: number;
}

export class MemoryRateLimiter implements RateLimiter {
  readonly backend = 'memory' as const;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, rule: BucketRule): Promise<TakeResult> {
    return this.takeSync(key, rule);
  }

  takeSync(key: string, rule: BucketRule): TakeResult {
    const now = this.now();
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key);
      b.tokens = refill(b.tokens, b.lastMs, now, rule);
      b.lastMs = now;
    } else {
      b = { tokens: rule.burst, lastMs: now };
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next();
        if (!oldest.done) this.buckets.delete(oldest.value);
      }
    }
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(b.tokens) };
    }
    return { allowed: false, retryAfterSeconds: retryAfter(b.tokens, rule), remaining: 0 };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
