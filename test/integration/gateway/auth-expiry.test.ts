/** A token from login is refused once it expired (own file: one in-process engine per process at a time). */
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startGateway, userToken } from './helpers.js';

describe('token expiry', () => {
  it('refuses an expired token from login', async () => {
    const short = await startGateway({ auth: { adminToken: ADMIN_TOKEN, jwt: { ttl: '1s' } } });
    try {
      const { token } = await userToken(short, 'shorty', 'viewer');
      expect((await short.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 7000)); // 1 s lifetime + 5 s clock tolerance
      const r = await short.call('GET', '/api/v1/auth/me', { token });
      expect(r.status).toBe(401);
      expect(r.body.error.details.reason).toBe('expired');
    } finally {
      await short.stop();
    }
  }, 30_000);

});
