import { createHash, randomInt } from 'node:crypto';

// Server-generated secrets (application passwords, recovery codes, tokens) carry at least 80
// bits from the CSPRNG, so a plain SHA-256 of them cannot be reversed by search: they are stored
// as SHA-256 digests, found by an index on the digest, and never kept in clear.

/** 32 letters and digits without the look-alikes l, o, 0 and 1: 5 bits per character. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random string of `groups` groups of 4 characters from the unambiguous alphabet. */
export function randomGroups(groups: number, separator: string): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g++) {
    let part = '';
    for (let i = 0; i < 4; i++) part += ALPHABET.charAt(randomInt(ALPHABET.length));
    parts.push(part);
  }
  return parts.join(separator);
}

/** Undoes the grouping and case a person may add or change when typing a generated secret. */
export function compactSecret(typed: string): string {
  return typed.replace(/[\s-]/g, '').toLowerCase();
}

/** True when `compact` has exactly `length` characters of the generated alphabet. */
export function looksGenerated(compact: string, length: number): boolean {
  return compact.length === length && [...compact].every((c) => ALPHABET.includes(c));
}

/** SHA-256 hex digest of a domain label and a secret; the label keeps kinds of secret apart. */
export function digestSecret(label: string, secret: string): string {
  return createHash('sha256').update(`${label}\0${secret}`).digest('hex');
}
