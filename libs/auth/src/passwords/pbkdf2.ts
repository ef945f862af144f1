import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

// Imported PBKDF2 hashes (RFC 8018 section 5.2) use this format, documented in the README:
//   $pbkdf2-<digest>$i=<iterations>$<salt>$<hash>
// <digest> is sha1, sha256 or sha512; salt and hash are unpadded standard base64 (RFC 4648
// section 4); the derived length is the decoded hash's length.

const pbkdf2Async = promisify(pbkdf2);

/** Most iterations an imported hash may ask for: verification must stay bounded. */
export const MAX_PBKDF2_ITERATIONS = 5_000_000;

const FORMAT = /^\$pbkdf2-(sha1|sha256|sha512)\$i=(\d{1,7})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** True when `encoded` is in the PBKDF2 import format. */
export function isPbkdf2Hash(encoded: string): boolean {
  return FORMAT.test(encoded);
}

/** Checks a password against a `$pbkdf2-...` string. */
export async function verifyPbkdf2(encoded: string, password: string): Promise<boolean> {
  const match = FORMAT.exec(encoded);
  if (!match) return false;
  const [, digest = '', iterations = '', salt = '', expectedText = ''] = match;
  const rounds = Number(iterations);
  if (rounds < 1 || rounds > MAX_PBKDF2_ITERATIONS) return false;
  const expected = Buffer.from(expectedText, 'base64');
  const actual = await pbkdf2Async(
    password,
    Buffer.from(salt, 'base64'),
    rounds,
    expected.length,
    digest,
  );
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

/** Builds a `$pbkdf2-...` string; used by tests and by whoever exports hashes for import. */
export async function encodePbkdf2(
  password: string,
  salt: Buffer,
  iterations: number,
  digest: 'sha1' | 'sha256' | 'sha512' = 'sha512',
  length = 64,
): Promise<string> {
  const derived = await pbkdf2Async(password, salt, iterations, length, digest);
  const b64 = (buffer: Buffer) => buffer.toString('base64').replace(/=+$/, '');
  return `$pbkdf2-${digest}$i=${iterations}$${b64(salt)}$${b64(derived)}`;
}
