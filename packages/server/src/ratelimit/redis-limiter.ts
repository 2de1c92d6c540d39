/**
 * Buckets in Redis, shared by every gateway replica. One Lua script refills and takes atomically
 * (the same arithmetic as limiter.ts); the key expires once the bucket would be full again.
 * If Redis is unreachable the request is let through and counted: losing the rate limiter must
 * not take the APIs down with it.
 */
import { Redis } from 'ioredis';
import type { BucketRule, RateLimiter, TakeResult } from './limiter.js';

const SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'l')
local tokens = tonumber(b[1])
local last = tonumber(b[2])
if tokens == nil then tokens = burst; last = now end
local elapsed = math.max(0, now - last) / 1000
tokens = math.min(burst, tokens + elapsed * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'l', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst / rate) * 1000) + 1000)
return {allowed, tostring(tokens)}
`;

export class RedisRateLimiter implements RateLimiter {
  readonly backend = 'redis' as const;
  private readonly redis: Redis;
  /** Requests let through because Redis failed (exported as a self-metric by the caller). */
  failOpenCount = 0;

  constructor(url: string, private readonly prefix = 'pointer:rl:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false, connectTimeout: 2000 });
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('ptrTake', { numberOfKeys: 1, lua: SCRIPT });
  }

  async take(key: string, rule: BucketRule): Promise<TakeResult> {
    try {
      const [allowed, tokensText] = (await (this.redis as unknown as { ptrTake(k: string, r: number, b: number, n: number): Promise<[number, string]> }).ptrTake(
        this.prefix + key,
        rule.ratePerSecond,
        rule.burst,
        Date.now(),
      )) ?? [1, '0'];
      const tokens = Number(tokensText);
      if (allowed === 1) return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(tokens) };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rule.ratePerSecond)), remaining: 0 };
    } catch {
      this.failOpenCount++;
      return { allowed: true, retryAfterSeconds: 0, remaining: 0 };
    }
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
