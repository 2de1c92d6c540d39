export type { RateLimiter, BucketRule, TakeResult } from './limiter.js';
export { MemoryRateLimiter } from './memory-limiter.js';
export { RedisRateLimiter } from './redis-limiter.js';
