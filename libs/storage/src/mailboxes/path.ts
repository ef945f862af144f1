import { MailboxError } from './errors.js';

/** The one hierarchy delimiter of every mailbox name (RFC 3501 section 5.1.1). */
export const MAILBOX_DELIMITER = '/';
/** The mailbox every user has; its name is case-insensitive (RFC 3501 section 5.1). */
export const INBOX = 'INBOX';
/** Longest mailbox name in UTF-8 octets: clients and index keys both need a bound. */
export const MAX_MAILBOX_PATH_BYTES = 1024;
/** Deepest hierarchy accepted: each level is a document created on the way down. */
export const MAX_MAILBOX_DEPTH = 32;

// `%` and `*` are LIST wildcards (RFC 3501 section 6.3.8): a name with them could not be
// listed on its own. Control characters have no place in a name.
const FORBIDDEN = /[%*\p{Cc}]/u;

/**
 * Validates a mailbox name and returns its stored form: NFC, and `INBOX` in capitals when the
 * first segment is any case of "inbox". Throws MAILBOX_NAME_INVALID.
 */
export function normalizeMailboxPath(input: string): string {
  const path = input.normalize('NFC');
  if (path.length === 0) throw invalid('a mailbox name cannot be empty');
  if (Buffer.byteLength(path, 'utf8') > MAX_MAILBOX_PATH_BYTES) {
    throw invalid(`a mailbox name has at most ${MAX_MAILBOX_PATH_BYTES} octets`);
  }
  if (FORBIDDEN.test(path)) throw invalid('a mailbox name cannot contain %, * or controls');
  const segments = path.split(MAILBOX_DELIMITER);
  if (segments.some((segment) => segment.length === 0)) {
    throw invalid(`a mailbox name cannot start or end with "${MAILBOX_DELIMITER}" or repeat it`);
  }
  if (segments.length > MAX_MAILBOX_DEPTH) {
    throw invalid(`a mailbox name has at most ${MAX_MAILBOX_DEPTH} levels`);
  }
  if (segments[0]?.toUpperCase() === INBOX) segments[0] = INBOX;
  return segments.join(MAILBOX_DELIMITER);
}

/** The names above `path`, outermost first: `a/b/c` gives `a`, `a/b`. */
export function superiorPaths(path: string): string[] {
  const segments = path.split(MAILBOX_DELIMITER);
  return segments.slice(1).map((_, i) => segments.slice(0, i + 1).join(MAILBOX_DELIMITER));
}

/**
 * A filter matching every name below `path`. `/` + 1 is `0`, so the range holds exactly the
 * names starting with `path/`; it uses the {user, path} index, unlike a regular expression.
 */
export function inferiorRange(path: string): { $gt: string; $lt: string } {
  return { $gt: path + MAILBOX_DELIMITER, $lt: path + '0' };
}

function invalid(message: string): MailboxError {
  return new MailboxError('MAILBOX_NAME_INVALID', message);
}
