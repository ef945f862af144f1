import { ProtocolError } from '../errors.js';
import { MAX_LIST_ITEMS } from '../limits.js';
import { syntaxError, type Cursor } from './cursor.js';
import { searchDate } from './dates.js';
import { flag } from './flags.js';
import { objectId } from './objectid.js';
import { sequenceSet, startsSequenceSet } from './sequence.js';
import type { SearchKey } from './types.js';

/** Charsets the search accepts; anything else gets NO [BADCHARSET] (RFC 3501 section 6.4.4). */
export const SEARCH_CHARSETS = ['UTF-8', 'US-ASCII'] as const;

const FLAG_KEYS = [
  'ALL',
  'ANSWERED',
  'DELETED',
  'DRAFT',
  'FLAGGED',
  'NEW',
  'OLD',
  'RECENT',
  'SEEN',
  'UNANSWERED',
  'UNDELETED',
  'UNDRAFT',
  'UNFLAGGED',
  'UNSEEN',
] as const;
const STRING_KEYS = ['BCC', 'BODY', 'CC', 'FROM', 'SUBJECT', 'TEXT', 'TO'] as const;
const DATE_KEYS = ['BEFORE', 'ON', 'SINCE', 'SENTBEFORE', 'SENTON', 'SENTSINCE'] as const;

function oneOf<T extends string>(list: readonly T[], name: string): T | undefined {
  return list.find((item) => item === name);
}

function group(cursor: Cursor): SearchKey {
  const operands: SearchKey[] = [];
  do {
    if (operands.length >= MAX_LIST_ITEMS) {
      throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'too many search keys');
    }
    operands.push(searchKey(cursor));
  } while (cursor.accept(0x20));
  cursor.expect(0x29, 'closing parenthesis of search keys');
  return operands.length === 1 ? (operands[0] as SearchKey) : { key: 'AND', operands };
}

function keyWithArgument(cursor: Cursor, name: string): SearchKey {
  cursor.sp();
  const stringKey = oneOf(STRING_KEYS, name);
  if (stringKey) return { key: stringKey, value: cursor.astring('search text') };
  const dateKey = oneOf(DATE_KEYS, name);
  if (dateKey) return { key: dateKey, date: searchDate(cursor) };
  switch (name) {
    case 'KEYWORD':
    case 'UNKEYWORD':
      return { key: name, flag: flag(cursor) };
    case 'HEADER': {
      const field = cursor.astring('a header field name');
      cursor.sp();
      return { key: 'HEADER', field, value: cursor.astring('header text') };
    }
    case 'LARGER':
    case 'SMALLER':
      return { key: name, size: cursor.number('a size') };
    case 'UID':
      return { key: 'UID', set: sequenceSet(cursor) };
    case 'MODSEQ':
      return modseqKey(cursor);
    case 'EMAILID':
    case 'THREADID':
      return { key: name, objectId: objectId(cursor) };
    case 'NOT':
      return { key: 'NOT', operand: searchKey(cursor) };
    case 'OR': {
      const left = searchKey(cursor);
      cursor.sp();
      return { key: 'OR', left, right: searchKey(cursor) };
    }
    default:
      return syntaxError(`unknown search key ${name}`);
  }
}

const ENTRY_TYPES = ['PRIV', 'SHARED', 'ALL'] as const;

/**
 * `MODSEQ [entry-name SP entry-type-req SP] mod-sequence-valzer` (RFC 7162 section 3.1.5),
 * after `MODSEQ SP`. The entry name is a quoted `"/flags/<flag>"`.
 */
function modseqKey(cursor: Cursor): SearchKey {
  let entry: { name: string; type: (typeof ENTRY_TYPES)[number] } | null = null;
  if (cursor.peek() === 0x22) {
    const name = cursor.quoted().toString('utf8');
    if (!name.toLowerCase().startsWith('/flags/')) syntaxError('expected a /flags/ entry name');
    cursor.sp();
    const type = oneOf(ENTRY_TYPES, cursor.keyword('an entry type'));
    if (!type) return syntaxError('expected priv, shared or all');
    entry = { name, type };
    cursor.sp();
  }
  return { key: 'MODSEQ', modseq: cursor.number64('a mod-sequence'), entry };
}

/** search-key (RFC 3501 section 6.4.4 and 9): one key, which may nest through NOT, OR and (). */
export function searchKey(cursor: Cursor): SearchKey {
  return cursor.nested(() => {
    if (cursor.accept(0x28)) return group(cursor);
    if (startsSequenceSet(cursor.peek())) return { key: 'SEQUENCE', set: sequenceSet(cursor) };
    const name = cursor.keyword('a search key');
    const flagKey = oneOf(FLAG_KEYS, name);
    return flagKey ? { key: flagKey } : keyWithArgument(cursor, name);
  });
}

/**
 * search-program: `[CHARSET x SP] key *(SP key)`; several keys mean all of them (AND). The
 * charset comes upper-cased and unchecked: SEARCH answers NO [BADCHARSET] itself, since a failed
 * `SEARCH RETURN (SAVE)` also empties the saved result (RFC 5182 section 2.1).
 */
export function searchProgram(cursor: Cursor): { charset: string | null; criteria: SearchKey } {
  let charset: string | null = null;
  if (cursor.peekKeyword() === 'CHARSET') {
    cursor.atom();
    cursor.sp();
    charset = cursor.astring('a charset').toUpperCase();
    cursor.sp();
  }
  const operands: SearchKey[] = [];
  do {
    if (operands.length >= MAX_LIST_ITEMS) {
      throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'too many search keys');
    }
    operands.push(searchKey(cursor));
  } while (cursor.accept(0x20));
  const criteria: SearchKey =
    operands.length === 1 ? (operands[0] as SearchKey) : { key: 'AND', operands };
  return { charset, criteria };
}

/** A search charset, upper-cased; one not in {@link SEARCH_CHARSETS} is NO [BADCHARSET]. */
export function checkCharset(name: string): string {
  const upper = name.toUpperCase();
  if (oneOf(SEARCH_CHARSETS, upper)) return upper;
  throw new ProtocolError('IMAP_BAD_CHARSET', `charset ${name} is not supported`, {
    status: 'NO',
    responseCode: { name: 'BADCHARSET', args: `(${SEARCH_CHARSETS.join(' ')})` },
  });
}
