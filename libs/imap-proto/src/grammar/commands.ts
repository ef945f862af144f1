import { ProtocolError } from '../errors.js';
import { idParameters, listPattern, parenthesized, saslResponse, statusItem } from './arguments.js';
import { isTagChar } from './chars.js';
import { Cursor, syntaxError, type Segment } from './cursor.js';
import { fetchAttributes } from './fetch.js';
import { flagList } from './flags.js';
import { mailbox } from './mailbox.js';
import { searchProgram } from './search.js';
import { sequenceSet } from './sequence.js';
import { sortCommand } from './sort.js';
import { threadCommand } from './thread.js';
import type { BareCommandName, Command, QresyncParameter, SequenceSet } from './types.js';

const BARE: readonly BareCommandName[] = [
  'CAPABILITY',
  'NOOP',
  'LOGOUT',
  'STARTTLS',
  'CHECK',
  'CLOSE',
  'UNSELECT',
  'EXPUNGE',
  'IDLE',
  'NAMESPACE',
];

/** Reads the tag that starts every command (RFC 3501 section 2.2.1). */
export function readTag(cursor: Cursor): string {
  const tag = cursor.takeWhile(isTagChar);
  if (tag.length === 0) syntaxError('missing tag');
  return tag.toString('latin1');
}

/** Reads the tag at the start of `line`, or returns `*` when there is none. */
export function tagOf(line: Buffer): string {
  let end = 0;
  while (end < line.length && isTagChar(line[end] as number)) end += 1;
  return end > 0 && (line[end] === 0x20 || end === line.length)
    ? line.toString('latin1', 0, end)
    : '*';
}

/**
 * Parses one framed command. Throws a {@link ProtocolError} carrying the command's tag when the
 * command breaks the grammar of RFC 3501 section 9 / RFC 9051 section 9.
 */
export function parseCommand(segments: readonly Segment[], utf8: boolean): Command {
  const cursor = new Cursor(segments, utf8);
  let tag = '*';
  try {
    tag = readTag(cursor);
    cursor.sp();
    const name = cursor.keyword('a command name');
    const command = name === 'UID' ? uidCommand(cursor, tag) : plainCommand(cursor, tag, name);
    cursor.end();
    return command;
  } catch (error) {
    if (error instanceof ProtocolError) error.tag = tag;
    throw error;
  }
}

function plainCommand(cursor: Cursor, tag: string, name: string): Command {
  const bare = BARE.find((known) => known === name);
  if (bare) return { tag, name: bare };
  switch (name) {
    case 'LOGIN': {
      cursor.sp();
      const username = cursor.astring('a user name');
      cursor.sp();
      return { tag, name, username, password: cursor.astring('a password') };
    }
    case 'AUTHENTICATE':
      return authenticate(cursor, tag);
    case 'ENABLE':
      return { tag, name, capabilities: atoms(cursor) };
    case 'ID':
      cursor.sp();
      return { tag, name, parameters: idParameters(cursor) };
    case 'SELECT':
    case 'EXAMINE':
      return select(cursor, tag, name);
    case 'CREATE':
    case 'DELETE':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      cursor.sp();
      return { tag, name, mailbox: mailbox(cursor) };
    case 'RENAME': {
      cursor.sp();
      const from = mailbox(cursor);
      cursor.sp();
      return { tag, name, mailbox: from, newName: mailbox(cursor) };
    }
    case 'LIST':
      return list(cursor, tag);
    case 'LSUB': {
      cursor.sp();
      const reference = mailbox(cursor);
      cursor.sp();
      return { tag, name, reference, pattern: listPattern(cursor) };
    }
    case 'STATUS': {
      cursor.sp();
      const target = mailbox(cursor);
      cursor.sp();
      return {
        tag,
        name,
        mailbox: target,
        items: parenthesized(cursor, () => statusItem(cursor), false),
      };
    }
    case 'GETQUOTA':
      cursor.sp();
      return { tag, name, quotaRoot: cursor.astring('a quota root') };
    case 'GETQUOTAROOT':
      cursor.sp();
      return { tag, name, mailbox: mailbox(cursor) };
    case 'SETQUOTA':
      return setQuota(cursor, tag);
    case 'APPEND':
      return syntaxError('APPEND needs the message as a literal');
    default:
      return messageCommand(cursor, tag, name, false);
  }
}

function uidCommand(cursor: Cursor, tag: string): Command {
  cursor.sp();
  const name = cursor.keyword('a UID command');
  if (name === 'EXPUNGE') {
    cursor.sp();
    return { tag, name: 'UID EXPUNGE', uid: true, sequenceSet: sequenceSet(cursor) };
  }
  return messageCommand(cursor, tag, name, true);
}

function messageCommand(cursor: Cursor, tag: string, name: string, uid: boolean): Command {
  const prefix = uid ? 'UID ' : '';
  switch (name) {
    case 'SEARCH': {
      const returnOptions = searchReturn(cursor);
      cursor.sp();
      return { tag, name: `${prefix}SEARCH`, uid, returnOptions, ...searchProgram(cursor) };
    }
    case 'FETCH': {
      cursor.sp();
      const set = sequenceSet(cursor);
      cursor.sp();
      const attributes = fetchAttributes(cursor);
      const { changedSince, vanished } = fetchModifiers(cursor, uid);
      const fetchName = `${prefix}FETCH` as const;
      return { tag, name: fetchName, uid, sequenceSet: set, attributes, changedSince, vanished };
    }
    case 'SORT':
      return sortCommand(cursor, tag, uid);
    case 'THREAD':
      return threadCommand(cursor, tag, uid);
    case 'STORE':
      return store(cursor, tag, uid);
    case 'COPY':
    case 'MOVE': {
      cursor.sp();
      const set = sequenceSet(cursor);
      cursor.sp();
      return { tag, name: `${prefix}${name}`, uid, sequenceSet: set, mailbox: mailbox(cursor) };
    }
    default:
      throw new ProtocolError('IMAP_UNKNOWN_COMMAND', `unknown command ${prefix}${name}`);
  }
}

function atoms(cursor: Cursor): string[] {
  const values: string[] = [];
  do {
    cursor.sp();
    values.push(cursor.keyword('a capability'));
  } while (cursor.peek() === 0x20);
  return values;
}

function authenticate(cursor: Cursor, tag: string): Command {
  cursor.sp();
  const mechanism = cursor.keyword('a SASL mechanism');
  if (!cursor.accept(0x20)) return { tag, name: 'AUTHENTICATE', mechanism, initialResponse: null };
  const text = cursor.takeWhile((byte) => byte > 0x20 && byte < 0x7f).toString('latin1');
  return { tag, name: 'AUTHENTICATE', mechanism, initialResponse: saslResponse(text) };
}

function select(cursor: Cursor, tag: string, name: 'SELECT' | 'EXAMINE'): Command {
  cursor.sp();
  const target = mailbox(cursor);
  let qresync: QresyncParameter | null = null;
  const parameters = cursor.accept(0x20)
    ? parenthesized(cursor, () => {
        const parameter = cursor.keyword('a SELECT parameter');
        if (parameter === 'QRESYNC') {
          if (qresync) syntaxError('QRESYNC given twice');
          cursor.sp();
          qresync = qresyncParameter(cursor);
        }
        return parameter;
      })
    : [];
  return { tag, name, mailbox: target, parameters, qresync };
}

/**
 * `(uidvalidity mod-sequence-value [SP known-uids] [SP seq-match-data])` (RFC 7162 section 9):
 * known-uids is a UID set, seq-match-data `(known-sequence-set SP known-uid-set)`.
 */
function qresyncParameter(cursor: Cursor): QresyncParameter {
  cursor.expect(0x28, 'an opening parenthesis');
  return cursor.nested(() => {
    const uidValidity = cursor.nzNumber('a UIDVALIDITY');
    cursor.sp();
    const modseq = cursor.number64('a mod-sequence');
    let knownUids: SequenceSet | null = null;
    let seqMatch: QresyncParameter['seqMatch'] = null;
    if (cursor.accept(0x20)) {
      if (cursor.peek() !== 0x28) knownUids = sequenceSet(cursor);
      if (knownUids === null || cursor.accept(0x20)) seqMatch = seqMatchData(cursor);
    }
    cursor.expect(0x29, 'a closing parenthesis');
    return { uidValidity, modseq, knownUids, seqMatch };
  });
}

/** `(known-sequence-set SP known-uid-set)`: sequence numbers and the UIDs they had. */
function seqMatchData(cursor: Cursor): NonNullable<QresyncParameter['seqMatch']> {
  cursor.expect(0x28, 'an opening parenthesis');
  const known = sequenceSet(cursor);
  cursor.sp();
  const uids = sequenceSet(cursor);
  cursor.expect(0x29, 'a closing parenthesis');
  return { sequenceSet: known, uids };
}

/**
 * LIST (RFC 3501 section 6.3.8) with the RFC 5258 section 6 extensions: `[(selection options)]`
 * before the reference, `(pattern ...)` for the pattern, `RETURN (options)` after it. Options are
 * upper-cased and checked by the session, which answers BAD for those it does not know.
 */
function list(cursor: Cursor, tag: string): Command {
  cursor.sp();
  let selectOptions: string[] = [];
  const withSelectOptions = cursor.peek() === 0x28;
  if (withSelectOptions) {
    selectOptions = parenthesized(cursor, () => cursor.keyword('a LIST selection option'));
    cursor.sp();
  }
  const reference = mailbox(cursor);
  cursor.sp();
  const patternList = cursor.peek() === 0x28;
  const patterns = patternList
    ? parenthesized(cursor, () => listPattern(cursor), false)
    : [listPattern(cursor)];
  const returnOptions: string[] = [];
  let statusItems: ReturnType<typeof statusItem>[] = [];
  const withReturn = cursor.accept(0x20);
  if (withReturn) {
    if (cursor.keyword('RETURN') !== 'RETURN') syntaxError('expected RETURN');
    cursor.sp();
    parenthesized(cursor, () => {
      const option = cursor.keyword('a LIST return option');
      returnOptions.push(option);
      if (option === 'STATUS') {
        cursor.sp();
        statusItems = parenthesized(cursor, () => statusItem(cursor), false);
      }
    });
  }
  const extended = withSelectOptions || patternList || withReturn;
  const options = { selectOptions, returnOptions, statusItems, extended };
  return { tag, name: 'LIST', reference, patterns, ...options };
}

/** `SETQUOTA quota-root (resource-name limit ...)`, the list possibly empty (RFC 9208 4.3). */
function setQuota(cursor: Cursor, tag: string): Command {
  cursor.sp();
  const quotaRoot = cursor.astring('a quota root');
  cursor.sp();
  const resources = parenthesized(cursor, () => {
    const name = cursor.keyword('a resource name');
    cursor.sp();
    const digits = cursor.atom('a resource limit');
    // number64 (RFC 9051 section 9): at most 2^63 - 1.
    if (!/^\d{1,19}$/.test(digits)) syntaxError('expected a resource limit');
    return { name, limit: Number(digits) };
  });
  return { tag, name: 'SETQUOTA', quotaRoot, resources };
}

function searchReturn(cursor: Cursor): string[] | null {
  cursor.sp();
  if (cursor.peekKeyword() !== 'RETURN') {
    cursor.rewind(1);
    return null;
  }
  cursor.atom();
  cursor.sp();
  return parenthesized(cursor, () => cursor.keyword('a SEARCH return option'));
}

/**
 * `(CHANGEDSINCE n [VANISHED])` after the FETCH items (RFC 7162 sections 3.1.4.1 and 3.2.6):
 * VANISHED is allowed in UID FETCH only, and only with CHANGEDSINCE.
 */
function fetchModifiers(
  cursor: Cursor,
  uid: boolean,
): { changedSince: bigint | null; vanished: boolean } {
  let changedSince: bigint | null = null;
  let vanished = false;
  if (!cursor.accept(0x20)) return { changedSince, vanished };
  parenthesized(
    cursor,
    () => {
      const modifier = cursor.keyword('a FETCH modifier');
      if (modifier === 'VANISHED' && uid) {
        vanished = true;
        return;
      }
      if (modifier !== 'CHANGEDSINCE') syntaxError(`FETCH modifier ${modifier} is not allowed`);
      cursor.sp();
      changedSince = cursor.number64('a mod-sequence');
    },
    false,
  );
  if (vanished && changedSince === null) syntaxError('VANISHED needs CHANGEDSINCE');
  return { changedSince, vanished };
}

function store(cursor: Cursor, tag: string, uid: boolean): Command {
  cursor.sp();
  const set = sequenceSet(cursor);
  cursor.sp();
  const unchangedSince = cursor.peek() === 0x28 ? storeModifiers(cursor) : null;
  const item = cursor.keyword('FLAGS, +FLAGS or -FLAGS');
  const match = /^([+-]?)FLAGS(\.SILENT)?$/.exec(item);
  if (!match) return syntaxError('expected FLAGS, +FLAGS or -FLAGS');
  cursor.sp();
  const flags = flagList(cursor, true);
  const operation = match[1] === '+' ? 'add' : match[1] === '-' ? 'remove' : 'replace';
  const name = uid ? 'UID STORE' : 'STORE';
  const silent = Boolean(match[2]);
  return { tag, name, uid, sequenceSet: set, operation, silent, flags, unchangedSince };
}

/** `(UNCHANGEDSINCE n) ` before the STORE item (RFC 7162 section 3.1.3); 0 is allowed. */
function storeModifiers(cursor: Cursor): bigint {
  let unchangedSince: bigint | null = null;
  parenthesized(
    cursor,
    () => {
      if (cursor.keyword('a STORE modifier') !== 'UNCHANGEDSINCE') {
        syntaxError('unknown STORE modifier');
      }
      cursor.sp();
      unchangedSince = cursor.number64('a mod-sequence');
    },
    false,
  );
  cursor.sp();
  if (unchangedSince === null) return syntaxError('expected UNCHANGEDSINCE');
  return unchangedSince;
}
