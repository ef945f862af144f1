// Argument readers shared by several commands: parenthesized atom lists, LIST and STATUS parts,
// ID parameters and SASL initial responses.
import { ProtocolError } from '../errors.js';
import { MAX_LIST_ITEMS } from '../limits.js';
import { isListChar } from './chars.js';
import { syntaxError, type Cursor } from './cursor.js';
import { decodeModifiedUtf7 } from './mailbox.js';
import type { StatusItem } from './types.js';

const STATUS_ITEMS: readonly StatusItem[] = [
  'MESSAGES',
  'RECENT',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'DELETED',
  'DELETED-STORAGE',
  'SIZE',
  'HIGHESTMODSEQ',
  'APPENDLIMIT',
  'MAILBOXID',
];

/** RFC 2971 section 3.3: at most 30 field-value pairs, fields up to 30 and values up to 1024 octets. */
const MAX_ID_PAIRS = 30;
const MAX_ID_FIELD_BYTES = 30;
const MAX_ID_VALUE_BYTES = 1024;

/** Reads `( item *(SP item) )`, or `()` when `emptyAllowed`. */
export function parenthesized<T>(cursor: Cursor, read: () => T, emptyAllowed = true): T[] {
  cursor.expect(0x28, 'an opening parenthesis');
  const items: T[] = [];
  if (cursor.accept(0x29)) {
    if (!emptyAllowed) syntaxError('empty list');
    return items;
  }
  cursor.nested(() => {
    do {
      if (items.length >= MAX_LIST_ITEMS) {
        throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'list has too many items');
      }
      items.push(read());
    } while (cursor.accept(0x20));
  });
  cursor.expect(0x29, 'a closing parenthesis');
  return items;
}

/** status-att (RFC 3501 section 9, RFC 9051 SIZE, DELETED, RFC 7889, RFC 8474 MAILBOXID). */
export function statusItem(cursor: Cursor): StatusItem {
  const name = cursor.keyword('a STATUS item');
  return STATUS_ITEMS.find((item) => item === name) ?? syntaxError(`unknown STATUS item ${name}`);
}

/** list-mailbox: a pattern with `%` and `*` wildcards, bare or as a string. */
export function listPattern(cursor: Cursor): string {
  let raw: string;
  if (cursor.atLiteral() || cursor.peek() === 0x22) raw = cursor.astring('a mailbox pattern');
  else {
    const bytes = cursor.takeWhile(isListChar);
    if (bytes.length === 0) syntaxError('expected a mailbox pattern');
    raw = bytes.toString('latin1');
  }
  return cursor.utf8 ? raw : decodeModifiedUtf7(raw);
}

/** id-params-list of RFC 2971: `("name" "value" ...)` or NIL. */
export function idParameters(cursor: Cursor): Array<[string, string | null]> | null {
  if (cursor.peek() !== 0x28) {
    if (cursor.keyword('NIL or a list') !== 'NIL') syntaxError('expected NIL or a list');
    return null;
  }
  cursor.expect(0x28, 'an opening parenthesis');
  const pairs: Array<[string, string | null]> = [];
  if (cursor.accept(0x29)) return pairs;
  do {
    if (pairs.length >= MAX_ID_PAIRS) syntaxError('ID takes at most 30 fields');
    const field = cursor.stringBytes('an ID field name');
    cursor.sp();
    const value = cursor.nstring('an ID value');
    if (field.length > MAX_ID_FIELD_BYTES) syntaxError('ID field name too long');
    if (value !== null && Buffer.byteLength(value) > MAX_ID_VALUE_BYTES) {
      syntaxError('ID value too long');
    }
    pairs.push([field.toString('utf8'), value]);
  } while (cursor.accept(0x20));
  cursor.expect(0x29, 'a closing parenthesis');
  return pairs;
}

/** A SASL response (RFC 4959, RFC 3501 section 6.2.2): base64, or `=` for an empty one. */
export function saslResponse(text: string): Buffer {
  const trimmed = text.trim();
  if (trimmed === '=') return Buffer.alloc(0);
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(trimmed)) {
    syntaxError('SASL response is not base64');
  }
  return Buffer.from(trimmed, 'base64');
}
