import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { argon2NeedsRehash, hashPassword, MAX_PASSWORD_BYTES, verifyArgon2 } from './argon2.js';
import { isPbkdf2Hash, verifyPbkdf2 } from './pbkdf2.js';
import { isSha512CryptHash, verifySha512Crypt } from './sha512-crypt.js';

/** The hash formats a stored password may have. Only argon2id is ever written. */
export type PasswordScheme = 'argon2id' | 'bcrypt' | 'pbkdf2' | 'sha512-crypt';

/** What checking a password against a stored hash found. */
export interface PasswordCheck {
  ok: boolean;
  /** The hash is imported or uses old parameters: store a fresh argon2id hash. */
  needsRehash: boolean;
}

/** Names the format of a stored hash, or null when it is none we accept. */
export function passwordScheme(encoded: string): PasswordScheme | null {
  if (encoded.startsWith('$argon2')) return 'argon2id';
  if (/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(encoded)) return 'bcrypt';
  if (isPbkdf2Hash(encoded)) return 'pbkdf2';
  if (isSha512CryptHash(encoded)) return 'sha512-crypt';
  return null;
}

/** Checks `password` against a stored hash of any accepted format. */
export async function checkPassword(encoded: string, password: string): Promise<PasswordCheck> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return { ok: false, needsRehash: false };
  const scheme = passwordScheme(encoded);
  let ok: boolean;
  switch (scheme) {
    case 'argon2id':
      ok = await verifyArgon2(encoded, password);
      return { ok, needsRehash: ok && argon2NeedsRehash(encoded) };
    case 'bcrypt':
      ok = await bcrypt.compare(password, encoded);
      break;
    case 'pbkdf2':
      ok = await verifyPbkdf2(encoded, password);
      break;
    case 'sha512-crypt':
      ok = verifySha512Crypt(encoded, password);
      break;
    case null:
      ok = false;
      break;
  }
  return { ok, needsRehash: ok };
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one argon2id verification and fails. Used when the login names no user, so
 * that a refusal takes as long as for a real user with a wrong password.
 */
export async function checkDummyPassword(password: string): Promise<PasswordCheck> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64'));
  await verifyArgon2(await dummyHash, password);
  return { ok: false, needsRehash: false };
}
