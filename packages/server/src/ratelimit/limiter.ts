/**
 * Token-bucket rate limiting. A bucket holds up to `burst` tokens and refills at
 * `ratePerSecond`; each request takes one. Buckets live in memory (embedded, one process) or in
 * Redis (distributed: every gateway replica shares the budget).
 */
export interface BucketRule {
  ratePerSecond: number;
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until a token is available (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  readonly backend: 'memory' | 'redis';
  take(key: string, rule: BucketRule): Promise<TakeResult>;
  close(): Promise<void>;
}

/** The bucket arithmetic shared by both backends (the Redis Lua script mirrors it). */
export function refill(tokens: number, lastMs: number, nowMs: number, rule: BucketRule): number {
  const elapsed = Math.max(0, nowMs - lastMs) / 1000;
  return Math.min(rule.burst, tokens + elapsed * rule.ratePerSecond);
}

export function retryAfter(tokens: number, rule: BucketRule): number {
  return Math.max(1, Math.ceil((1 - tokens) / rule.ratePerSecond));
}
