/**
 * The admin API token. If the config names one, that is the token. Otherwise one is generated
 * at first start, only its scrypt hash is stored (0600, in the data dir), and the plain token is
 * handed back once so that the CLI can print it. It is never logged.
 *
 * The hash is written only by `persist()`, which the server calls once every role has started.
 * A first start that fails (a port in use, a bad store) therefore leaves no hash behind whose
 * token nobody ever saw; the next start generates and prints a fresh one.
 */
import { randomBytes, scryptSync, timingSafeEqual, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminTokenVerifier {
  verify(presented: string): boolean;
  /** Set only on the start that generated the token. */
  generatedToken: string | undefined;
  source: 'config' | 'stored' | 'generated';
  /** Stores the generated token's hash; a no-op unless this start generated it. */
  persist(): void;
}

interface StoredHash {
  algorithm: 'scrypt';
  salt: string;
  hash: string;
  createdAt: string;
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scrypt(token: string, salt: Buffer): Buffer {
  return scryptSync(token, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
}

export function loadAdminToken(dataDir: string, configured: string | undefined): AdminTokenVerifier {
  if (configured) {
    const want = createHash('sha256').update(configured).digest();
    return {
      verify: (t) => timingSafeEqual(createHash('sha256').update(t).digest(), want),
      generatedToken: undefined,
      source: 'config',
      persist: () => undefined,
    };
  }
  const dir = join(dataDir, 'auth');
  const file = join(dir, 'admin-token.json');
  let generatedToken: string | undefined;
  let stored: StoredHash;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredHash;
  } else {
    generatedToken = 'ptr_admin_' + randomBytes(24).toString('base64url');
    const salt = randomBytes(16);
    stored = { algorithm: 'scrypt', salt: salt.toString('base64'), hash: scrypt(generatedToken, salt).toString('base64'), createdAt: new Date().toISOString() };
  }
  let pending = generatedToken !== undefined;
  const salt = Buffer.from(stored.salt, 'base64');
  const want = Buffer.from(stored.hash, 'base64');
  // Scrypt is deliberately slow; cache the last accepted token's digest so that every API call
  // does not pay for it again.
  let acceptedDigest: Buffer | undefined;
  return {
    verify: (t) => {
      const d = createHash('sha256').update(t).digest();
      if (acceptedDigest && timingSafeEqual(d, acceptedDigest)) return true;
      const ok = timingSafeEqual(scrypt(t, salt), want);
      if (ok) acceptedDigest = d;
      return ok;
    },
    generatedToken,
    source: generatedToken ? 'generated' : 'stored',
    persist: () => {
      if (!pending) return;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // 'wx': never overwrite a hash that another start stored meanwhile.
      writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      pending = false;
    },
  };
}
