/**
 * Rate limits in Redis (storage.cache.backend = redis): gateway replicas share one budget,
 * and an exhausted budget answers 429 with Retry-After. Redis from POINTER_TEST_REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '@pointer/server';
import { requireEnv } from './env.js';
import { startGateway, userToken, type TestGateway } from './helpers.js';

describe('rate limits in Redis', () => {
  const started: TestGateway[] = [];
  afterAll(async () => {
    for (const g of started) await g.stop();
  });

  it('the token bucket script refills at the rate and refuses beyond the burst', async () => {
    const l = new RedisRateLimiter(requireEnv('POINTER_TEST_REDIS_URL'), `ptr-test-${randomBytes(4).toString('hex')}:`);
    try {
      const rule = { ratePerSecond: 10, burst: 3 };
      const first = await Promise.all([1, 2, 3, 4].map(() => l.take('k', rule)));
      expect(first.map((r) => r.allowed).sort()).toEqual([false, true, true, true]);
      expect(first.find((r) => !r.allowed)!.retryAfterSeconds).toBe(1);
      await new Promise((r) => setTimeout(r, 250)); // 2.5 tokens back
      expect((await l.take('k', rule)).allowed).toBe(true);
      expect(l.failOpenCount).toBe(0);
    } finally {
      await l.close();
    }
  });

  it('a gateway and another replica share one per-key budget; the excess gets 429 + Retry-After', async () => {
    const redisUrl = requireEnv('POINTER_TEST_REDIS_URL');
    const gw = await startGateway({
      rateLimits: { query: { perKey: { ratePerSecond: 0.5, burst: 6 }, perAddress: { ratePerSecond: 1000, burst: 1000 } } },
      storage: { cache: { backend: 'redis', redisUrl } },
    });
    started.push(gw);
    const { token, id } = await userToken(gw, `rl-${randomBytes(4).toString('hex')}`, 'viewer');
    // The other replica: the same bucket in Redis, under the same key the gateway uses.
    const replica = new RedisRateLimiter(redisUrl);
    try {
      const rule = { ratePerSecond: 0.5, burst: 6 };
      for (let i = 0; i < 4; i++) expect((await replica.take(`query:key:user:${id}`, rule)).allowed).toBe(true);
    } finally {
      await replica.close();
    }
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const r = await gw.call('GET', '/api/v1/auth/me', { token });
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get('retry-after');
        expect(r.body.error.code).toBe('PTR_ERR_RATE_LIMITED');
      }
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
