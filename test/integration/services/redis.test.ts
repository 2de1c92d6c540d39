/** Redis 7 from scripts/services.sh: a real round trip with ioredis. */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';

describe('Redis (POINTER_TEST_REDIS_URL)', () => {
  it('is Redis 7 and writes and reads back a value and a stream entry', async () => {
    const redis = new Redis(serviceEnv('POINTER_TEST_REDIS_URL'), { maxRetriesPerRequest: 2, lazyConnect: true });
    const key = uniqueName('svc_redis');
    await redis.connect();
    try {
      expect(await redis.info('server')).toMatch(/redis_version:7\./);

      expect(await redis.set(key, 'hello', 'EX', 60)).toBe('OK');
      expect(await redis.get(key)).toBe('hello');

      const id = await redis.xadd(`${key}:stream`, '*', 'field', 'value');
      const entries = await redis.xrange(`${key}:stream`, '-', '+');
      expect(entries).toEqual([[id, ['field', 'value']]]);
    } finally {
      await redis.del(key, `${key}:stream`);
      redis.disconnect();
    }
  });
});
