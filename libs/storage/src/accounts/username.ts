import { AccountError } from './errors.js';

/** Longest username, in characters: room for a long name while keeping index keys small. */
export const MAX_USERNAME_CHARS = 128;

// Letters, digits, dot, underscore and hyphen. No `@`: a login containing `@` is looked up as
// an address (libs/auth), so a username with one could never log in.
const USERNAME = /^[\p{L}\p{M}\p{N}._-]+$/u;

/** Validates a username and returns its stored form: trimmed, NFC and lowercase. */
export function normalizeUsername(input: string): string {
  const username = input.trim().normalize('NFC').toLowerCase();
  if (username.length === 0 || username.length > MAX_USERNAME_CHARS) {
    throw new AccountError(
      'ACCOUNT_USERNAME_INVALID',
      `a username has 1 to ${MAX_USERNAME_CHARS} characters`,
    );
  }
  if (!USERNAME.test(username)) {
    throw new AccountError(
      'ACCOUNT_USERNAME_INVALID',
      'a username has only letters, digits, ".", "_" and "-"',
    );
  }
  return username;
}
