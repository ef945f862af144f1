// The objectid of RFC 8474 (IMAP OBJECTID): the argument of the SEARCH keys EMAILID and THREADID.
import { syntaxError, type Cursor } from './cursor.js';

/** Longest objectid, in characters: `objectid = 1*255(ALPHA / DIGIT / "_" / "-")` (section 7). */
export const MAX_OBJECTID_CHARS = 255;

const OBJECTID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_OBJECTID_CHARS}}$`);

/** Whether `text` is an objectid of RFC 8474 section 7. */
export function isObjectId(text: string): boolean {
  return OBJECTID.test(text);
}

/**
 * Reads an objectid: bare characters, never a quoted string (RFC 8474 section 7). Anything
 * else, or more than {@link MAX_OBJECTID_CHARS} characters, is a syntax error (BAD).
 */
export function objectId(cursor: Cursor): string {
  const text = cursor.atom('an objectid');
  return isObjectId(text) ? text : syntaxError('an objectid is 1-255 letters, digits, _ or -');
}
