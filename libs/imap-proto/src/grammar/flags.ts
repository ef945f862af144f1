import { ProtocolError } from '../errors.js';
import { MAX_LIST_ITEMS } from '../limits.js';
import { syntaxError, type Cursor } from './cursor.js';

/** The system flags of RFC 3501 section 2.3.2 a client may set (\Recent is the server's). */
const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

/**
 * flag (RFC 3501 section 9): a system flag (returned in its canonical case), a keyword, or a
 * flag-extension `\Name`. \Recent is refused: clients cannot set it.
 */
export function flag(cursor: Cursor): string {
  const backslash = cursor.accept(0x5c);
  const name = cursor.atom('a flag');
  if (!backslash) return name;
  const system = SYSTEM_FLAGS.find((known) => known.toLowerCase() === `\\${name.toLowerCase()}`);
  if (system) return system;
  if (name.toLowerCase() === 'recent') syntaxError('\\Recent cannot be stored');
  return `\\${name}`;
}

/** flag-list `(\Seen $Label)`, or when `bareAllowed`, flags separated by spaces (STORE). */
export function flagList(cursor: Cursor, bareAllowed: boolean): string[] {
  const parenthesized = cursor.accept(0x28);
  if (!parenthesized && !bareAllowed) syntaxError('expected a flag list');
  const flags: string[] = [];
  if (parenthesized && cursor.accept(0x29)) return flags;
  do {
    if (flags.length >= MAX_LIST_ITEMS) {
      throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'too many flags');
    }
    flags.push(flag(cursor));
  } while (cursor.accept(0x20));
  if (parenthesized) cursor.expect(0x29, 'closing parenthesis of flag list');
  return [...new Set(flags)];
}
