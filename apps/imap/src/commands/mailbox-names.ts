import { encodeModifiedUtf7 } from '@mailstore/imap-proto';
import { MAILBOX_DELIMITER } from '@mailstore/storage';
import type { Session } from '../session/session.js';

/**
 * A mailbox name as the client reads it: UTF-8 once UTF8=ACCEPT is enabled (RFC 6855
 * section 3), modified UTF-7 otherwise (RFC 3501 section 5.1.3).
 */
export function wireName(session: Session, path: string): string {
  return session.utf8 ? path : encodeModifiedUtf7(path);
}

/** Characters with a meaning in regular expressions, escaped to match themselves. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles a LIST pattern (RFC 3501 section 6.3.8): `*` matches anything, `%` anything but the
 * hierarchy delimiter. The reference is prefixed as the RFC describes; INBOX matches in any case.
 */
export function compilePattern(reference: string, pattern: string): RegExp {
  const full = pattern.startsWith(MAILBOX_DELIMITER) ? pattern : reference + pattern;
  let source = '';
  for (const char of full) {
    if (char === '*') source += '.*';
    else if (char === '%') source += `[^${escapeRegExp(MAILBOX_DELIMITER)}]*`;
    else source += escapeRegExp(char);
  }
  const inbox = /^inbox(?=$|\/)/i.test(full) ? 'INBOX' + source.slice(5) : source;
  return new RegExp(`^${inbox}$`, 'su');
}
