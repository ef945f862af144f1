import { ProtocolError } from '../errors.js';
import { MAX_LIST_ITEMS } from '../limits.js';
import { isAtomChar, isDigit } from './chars.js';
import { syntaxError, type Cursor } from './cursor.js';
import type { FetchAttribute, Partial, Section, SectionText, SimpleFetchItem } from './types.js';

const SIMPLE_ITEMS: readonly SimpleFetchItem[] = [
  'ENVELOPE',
  'FLAGS',
  'INTERNALDATE',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.SIZE',
  'RFC822.TEXT',
  'BODY',
  'BODYSTRUCTURE',
  'UID',
  'MODSEQ',
  'EMAILID',
  'THREADID',
];

/** The macros of RFC 3501 section 6.4.5. */
const MACROS = new Map<string, SimpleFetchItem[]>(
  Object.entries({
    ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
    FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
    FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
  }),
);

const SECTION_TEXTS: readonly SectionText[] = [
  'HEADER',
  'HEADER.FIELDS',
  'HEADER.FIELDS.NOT',
  'TEXT',
  'MIME',
];

function headerList(cursor: Cursor): string[] {
  cursor.sp();
  cursor.expect(0x28, 'a header field list');
  const fields: string[] = [];
  do {
    if (fields.length >= MAX_LIST_ITEMS) {
      throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'too many header fields');
    }
    fields.push(cursor.astring('a header field name').toUpperCase());
  } while (cursor.accept(0x20));
  cursor.expect(0x29, 'closing parenthesis of header list');
  return fields;
}

/** section (RFC 3501 section 9): `[1.2.HEADER.FIELDS (From)]`, after the opening `[`. */
export function section(cursor: Cursor): Section {
  const part: number[] = [];
  while (isDigit(cursor.peek())) {
    part.push(cursor.nzNumber('a part number'));
    if (!cursor.accept(0x2e)) break;
  }
  let text: SectionText | null = null;
  let fields: string[] = [];
  if (cursor.peek() !== 0x5d) {
    const name = cursor
      .takeWhile((byte) => byte === 0x2e || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a))
      .toString('latin1')
      .toUpperCase();
    text = SECTION_TEXTS.find((known) => known === name) ?? syntaxError('bad section text');
    if (text === 'MIME' && part.length === 0) syntaxError('MIME needs a part number');
    if (text.startsWith('HEADER.FIELDS')) fields = headerList(cursor);
  }
  cursor.expect(0x5d, 'closing bracket of section');
  return { part, text, fields };
}

function partial(cursor: Cursor): Partial | null {
  if (!cursor.accept(0x3c)) return null;
  const origin = cursor.number('partial origin');
  cursor.expect(0x2e, 'a dot in partial');
  const length = cursor.nzNumber('partial length');
  cursor.expect(0x3e, 'closing > of partial');
  return { origin, length };
}

const BINARY_ITEMS = new Set(['BINARY', 'BINARY.PEEK', 'BINARY.SIZE']);

/**
 * The BINARY items of RFC 3516 section 4.2, after the opening `[`: section-binary is only a
 * section-part (`[1.2]` or `[]`), and BINARY.SIZE takes no partial.
 */
function binaryAttribute(cursor: Cursor, name: string): FetchAttribute {
  const part: number[] = [];
  if (isDigit(cursor.peek())) {
    do part.push(cursor.nzNumber('a part number'));
    while (cursor.accept(0x2e));
  }
  cursor.expect(0x5d, 'closing bracket of section-binary');
  if (name === 'BINARY.SIZE') return { item: 'BINARY.SIZE', part };
  return { item: 'BINARY[]', peek: name === 'BINARY.PEEK', part, partial: partial(cursor) };
}

/** fetch-att (RFC 3501 section 9): one data item. */
export function fetchAttribute(cursor: Cursor): FetchAttribute {
  const name = cursor
    .takeWhile((byte) => isAtomChar(byte) && byte !== 0x5b)
    .toString('latin1')
    .toUpperCase();
  if ((name === 'BODY' || name === 'BODY.PEEK') && cursor.accept(0x5b)) {
    const spec = section(cursor);
    return { item: 'BODY[]', peek: name === 'BODY.PEEK', section: spec, partial: partial(cursor) };
  }
  if (BINARY_ITEMS.has(name) && cursor.accept(0x5b)) return binaryAttribute(cursor, name);
  const simple = SIMPLE_ITEMS.find((item) => item === name);
  return simple ? { item: simple } : syntaxError(`unknown FETCH item ${name || '(empty)'}`);
}

/** The FETCH arguments after the sequence set: a macro, one item, or a list of items. */
export function fetchAttributes(cursor: Cursor): FetchAttribute[] {
  if (cursor.accept(0x28)) {
    const attributes: FetchAttribute[] = [];
    do {
      if (attributes.length >= MAX_LIST_ITEMS) {
        throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'too many FETCH items');
      }
      attributes.push(fetchAttribute(cursor));
    } while (cursor.accept(0x20));
    cursor.expect(0x29, 'closing parenthesis of FETCH items');
    return attributes;
  }
  const macro = MACROS.get(cursor.peekKeyword());
  if (macro) {
    cursor.atom();
    return macro.map((item) => ({ item }));
  }
  return [fetchAttribute(cursor)];
}

/** Writes a section back as FETCH responses name it: `BODY[1.HEADER.FIELDS (FROM)]`. */
export function formatSection(spec: Section): string {
  const parts = spec.part.map(String);
  if (spec.text) parts.push(spec.text);
  const fields = spec.fields.length > 0 ? ` (${spec.fields.join(' ')})` : '';
  return `[${parts.join('.')}${fields}]`;
}
