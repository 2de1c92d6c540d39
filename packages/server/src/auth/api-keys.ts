/**
 * API keys: `ptrk_<16 hex id>_<43 chars secret>`. The id finds the record; only SHA-256 of the
 * secret is stored (256 random bits need no slow hash), compared in constant time. The full key
 * is returned once, at creation.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'ptrk_';
const KEY_FORM = /^ptrk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  id: string;
  key: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `${API_KEY_PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  const m = KEY_FORM.exec(presented);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
