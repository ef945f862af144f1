import { ProtocolError } from '../errors.js';
import { readTag } from './commands.js';
import { Cursor, syntaxError, type Segment } from './cursor.js';
import { dateTime } from './dates.js';
import { flagList } from './flags.js';
import { mailbox } from './mailbox.js';

/** What precedes APPEND's message literal (RFC 3501 section 6.3.11). */
export interface AppendHeader {
  tag: string;
  mailbox: string;
  flags: string[];
  internalDate: Date | null;
}

/**
 * Decides what a literal announced at the end of `segments` is for: `not-append` when the
 * command is not APPEND, `argument` when it is APPEND's mailbox name, or the parsed header when
 * it is the message, which the parser then streams instead of buffering. Throws a BAD
 * {@link ProtocolError} (with the tag) for a malformed APPEND.
 */
export function classifyAppendLiteral(
  segments: readonly Segment[],
  utf8: boolean,
): 'not-append' | 'argument' | AppendHeader {
  const cursor = new Cursor(segments, utf8);
  let tag = '*';
  try {
    tag = readTag(cursor);
    if (!cursor.accept(0x20) || cursor.peekKeyword() !== 'APPEND') return 'not-append';
    cursor.atom();
    cursor.sp();
    if (cursor.atEnd()) return 'argument';
    const target = mailbox(cursor);
    return { tag, mailbox: target, ...messageOptions(cursor) };
  } catch (error) {
    if (error instanceof ProtocolError) error.tag = tag;
    throw error;
  }
}

/** The flags and date of one message of an APPEND, from the line before its literal. */
export interface AppendMessageOptions {
  flags: string[];
  internalDate: Date | null;
}

/**
 * Parses what follows one message literal of a MULTIAPPEND (RFC 3502 section 6.3.11) up to the
 * next message literal: `SP [flag-list SP] [date-time SP]`, the announcement already cut off.
 * Throws a BAD {@link ProtocolError} (without tag) when it does not match.
 */
export function parseNextAppendMessage(text: Buffer, utf8: boolean): AppendMessageOptions {
  const cursor = new Cursor([{ kind: 'text', data: text }], utf8);
  return messageOptions(cursor);
}

/** `SP [flag-list SP] [date-time SP]` up to the end of the text, where the literal begins. */
function messageOptions(cursor: Cursor): AppendMessageOptions {
  cursor.sp();
  let flags: string[] = [];
  if (cursor.peek() === 0x28) {
    flags = flagList(cursor, false);
    cursor.sp();
  }
  let internalDate: Date | null = null;
  if (cursor.peek() === 0x22) {
    internalDate = dateTime(cursor);
    cursor.sp();
  }
  if (!cursor.atEnd()) syntaxError('expected the message literal');
  return { flags, internalDate };
}
