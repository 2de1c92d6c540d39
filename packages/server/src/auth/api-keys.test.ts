import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey, secretMatches } from './api-keys.js';

describe('API keys', () => {
  it('round-trips: the key parses back to its id, and only its secret matches the stored hash', () => {
    const k = generateApiKey();
    const p = parseApiKey(k.key)!;
    expect(p.id).toBe(k.id);
    expect(secretMatches(p.secret, k.secretHash)).toBe(true);
    expect(secretMatches(p.secret.slice(0, -1) + (p.secret.endsWith('A') ? 'B' : 'A'), k.secretHash)).toBe(false);
    expect(k.secretHash).not.toContain(p.secret);
  });

  it('refuses malformed keys', () => {
    expect(parseApiKey('ptrk_123_abc')).toBeUndefined();
    expect(parseApiKey('Bearer x')).toBeUndefined();
  });
});
