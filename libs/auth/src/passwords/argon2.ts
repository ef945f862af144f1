import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Argon2id with the first of the OWASP Password Storage Cheat Sheet's equivalent settings
// (m=19 MiB, t=2, p=1) and RFC 9106's 128-bit salt and 256-bit tag. One hash takes about
// 20-40 ms on one core of this machine (see `npm run bench:auth`), which bounds a login flood to
// a few dozen guesses per second per core while keeping honest logins fast.

/** Memory cost of one hash, in KiB (19 MiB). */
export const ARGON2_MEMORY_KIB = 19_456;
/** Passes over that memory. */
export const ARGON2_TIME_COST = 2;
/** Lanes; 1 keeps each login on one core so concurrent logins do not contend. */
export const ARGON2_PARALLELISM = 1;
/** Length of the derived tag, in bytes (RFC 9106 section 3.1 recommends 32). */
export const ARGON2_OUTPUT_BYTES = 32;
/** Longest password accepted, in bytes: hashing cost must not grow with attacker input. */
export const MAX_PASSWORD_BYTES = 1024;

// Algorithm is a `const enum` in the binding's types, which isolatedModules cannot inline.
const ARGON2ID = 2 as Algorithm;

const OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: ARGON2_MEMORY_KIB,
  timeCost: ARGON2_TIME_COST,
  parallelism: ARGON2_PARALLELISM,
  outputLen: ARGON2_OUTPUT_BYTES,
};

/** Hashes a password with argon2id at the documented cost, as a PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against an argon2 PHC string. */
export function verifyArgon2(encoded: string, password: string): Promise<boolean> {
  return verify(encoded, password).catch(() => false);
}

/** True when an argon2 PHC string was made with other parameters than the current ones. */
export function argon2NeedsRehash(encoded: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(encoded);
  if (!match) return true;
  return (
    Number(match[1]) !== ARGON2_MEMORY_KIB ||
    Number(match[2]) !== ARGON2_TIME_COST ||
    Number(match[3]) !== ARGON2_PARALLELISM
  );
}
