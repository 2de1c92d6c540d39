/**
 * Password hashing with argon2id (memory-hard), OWASP's parameters: 19 MiB, 2 passes, 1 lane.
 * A login for an unknown user still runs one verification, so timing does not reveal who exists.
 */
import { hash, verify } from '@node-rs/argon2';
import { ptrError } from '../errors/index.js';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

let dummy: Promise<string> | undefined;

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw ptrError('PTR_ERR_VALIDATION', `password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw ptrError('PTR_ERR_VALIDATION', `password: must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(phc: string | undefined, password: string): Promise<boolean> {
  if (phc === undefined) {
    dummy ??= hash('pointer-timing-equalizer', OPTIONS);
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}
