import { createHash, timingSafeEqual } from 'node:crypto';

// SHA-512-crypt ("$6$"), as specified by Ulrich Drepper in "Unix crypt using SHA-256 and
// SHA-512" (2008). Step numbers in the comments are the specification's.

/** Rounds when the hash names none (specification: ROUNDS_DEFAULT). */
export const SHA512_CRYPT_DEFAULT_ROUNDS = 5_000;
/** Fewest rounds the specification allows; lower requests are raised to it. */
export const SHA512_CRYPT_MIN_ROUNDS = 1_000;
/** Most rounds we verify: the specification allows 999,999,999, which would stall a login. */
export const SHA512_CRYPT_MAX_ROUNDS = 1_000_000;
/** Longest salt the specification uses; longer salts are truncated. */
const SALT_MAX_CHARS = 16;

const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const FORMAT = /^\$6\$(?:rounds=(\d{1,9})\$)?([^$]{0,16})(?:[^$]*)\$([./0-9A-Za-z]{86})$/;

// The byte triples of the final encoding, in the specification's order.
const TRIPLES: Array<[number, number, number]> = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

/** True when `encoded` looks like a SHA-512-crypt string. */
export function isSha512CryptHash(encoded: string): boolean {
  return FORMAT.test(encoded);
}

/** Checks a password against a `$6$` string. */
export function verifySha512Crypt(encoded: string, password: string): boolean {
  const match = FORMAT.exec(encoded);
  if (!match) return false;
  const rounds = match[1] === undefined ? undefined : Number(match[1]);
  if (rounds !== undefined && rounds > SHA512_CRYPT_MAX_ROUNDS) return false;
  const expected = Buffer.from(sha512Crypt(password, match[2] ?? '', rounds));
  const actual = Buffer.from(encoded);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Computes the `$6$` string of `password` with `salt` and, when given, explicit `rounds`. */
export function sha512Crypt(password: string, salt: string, rounds?: number): string {
  const key = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(salt.slice(0, SALT_MAX_CHARS), 'utf8');
  const count = Math.max(
    SHA512_CRYPT_MIN_ROUNDS,
    Math.min(rounds ?? SHA512_CRYPT_DEFAULT_ROUNDS, 999_999_999),
  );
  const digestA = initialDigest(key, saltBytes);
  const final = stretch(digestA, key, saltBytes, count);
  const roundsPart = rounds === undefined ? '' : `rounds=${count}$`;
  return `$6$${roundsPart}${saltBytes.toString('utf8')}$${encode(final)}`;
}

function sha512(...parts: Buffer[]): Buffer {
  const hash = createHash('sha512');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Steps 1-12: digest A from the key, the salt and the alternate digest B. */
function initialDigest(key: Buffer, salt: Buffer): Buffer {
  const digestB = sha512(key, salt, key);
  const a = createHash('sha512').update(key).update(salt);
  a.update(repeatTo(digestB, key.length));
  for (let length = key.length; length > 0; length >>= 1) {
    a.update(length & 1 ? digestB : key);
  }
  return a.digest();
}

/** Steps 13-21: the P and S sequences, then `rounds` rounds of alternating input. */
function stretch(digestA: Buffer, key: Buffer, salt: Buffer, rounds: number): Buffer {
  const pSequence = repeatTo(sha512(...Array<Buffer>(key.length).fill(key)), key.length);
  const saltRepeats = 16 + digestA.readUInt8(0);
  const sSequence = repeatTo(sha512(...Array<Buffer>(saltRepeats).fill(salt)), salt.length);
  let current = digestA;
  for (let round = 0; round < rounds; round++) {
    const c = createHash('sha512');
    c.update(round & 1 ? pSequence : current);
    if (round % 3 !== 0) c.update(sSequence);
    if (round % 7 !== 0) c.update(pSequence);
    c.update(round & 1 ? current : pSequence);
    current = c.digest();
  }
  return current;
}

function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += block.length) block.copy(out, offset);
  return out;
}

/** Step 22: the crypt base-64 encoding of the 64-byte digest. */
function encode(digest: Buffer): string {
  let out = '';
  const put = (value: number, chars: number) => {
    for (let i = 0; i < chars; i++, value >>= 6) out += ALPHABET.charAt(value & 0x3f);
  };
  for (const [b2, b1, b0] of TRIPLES) {
    put((digest.readUInt8(b2) << 16) | (digest.readUInt8(b1) << 8) | digest.readUInt8(b0), 4);
  }
  put(digest.readUInt8(63), 2);
  return out;
}
