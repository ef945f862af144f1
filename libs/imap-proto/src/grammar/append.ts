// APPEND as RFC 3501 section 6.3.11, MULTIAPPEND (RFC 3502) and CATENATE (RFC 4469) extend it:
//   append         = "APPEND" SP mailbox 1*(SP append-message)
//   append-message = [flag-list SP] [date-time SP] (literal / literal8 / catenate)
//   catenate       = "CATENATE" SP "(" cat-part *(SP cat-part) ")"
//   cat-part       = "TEXT" SP literal / "URL" SP astring
// The parser streams message literals and TEXT literals instead of buffering them, so it reads
// an APPEND in stretches: from the start (or the end of one streamed literal) to the next
// streamed literal or the end of the command.
import { ProtocolError } from '../errors.js';
import { readTag, tagOf } from './commands.js';
import { Cursor, syntaxError, type Segment } from './cursor.js';
import { dateTime } from './dates.js';
import { flagList } from './flags.js';
import { mailbox } from './mailbox.js';

/** What precedes an APPEND message's data (RFC 3501 section 6.3.11). */
export interface AppendHeader {
  tag: string;
  mailbox: string;
  flags: string[];
  internalDate: Date | null;
}

/**
 * An APPEND whose first stretch has been read: its tag and mailbox, and whether the streamed
 * literal that ended the last stretch was a whole message or the TEXT of a CATENATE part.
 */
export interface AppendProgress {
  tag: string;
  mailbox: string;
  after: 'message' | 'text';
}

/** What a stretch holds before its end, in order: CATENATE message starts and URL parts. */
export type AppendItem = { kind: 'catenate'; header: AppendHeader } | { kind: 'url'; url: string };

/** The APPEND a stretch belongs to, and what the stretch holds before its end. */
interface StretchContent {
  tag: string;
  mailbox: string;
  items: AppendItem[];
}

/** How a stretch ends, with what it holds. */
export type AppendStretch =
  /** The command is not an APPEND. */
  | { end: 'not-append' }
  /** The literal that follows is an argument (mailbox name, URL) read inline like any other. */
  | { end: 'argument' }
  /** The literal that follows is a message, to stream. */
  | ({ end: 'message'; header: AppendHeader } & StretchContent)
  /** The literal that follows is the TEXT of a CATENATE part, to stream. */
  | ({ end: 'text' } & StretchContent)
  /** The command ends here. */
  | ({ end: 'command' } & StretchContent);

type State = 'message' | 'part' | 'after-part' | 'after-message';

/**
 * Reads one stretch of an APPEND: `segments` up to the line end, or up to a literal
 * announcement when `literalFollows`. `progress` is null for the first stretch, which starts
 * with the tag. Throws a BAD {@link ProtocolError} (with the tag) where the grammar breaks.
 */
export function parseAppendStretch(
  segments: readonly Segment[],
  utf8: boolean,
  progress: AppendProgress | null,
  literalFollows: boolean,
): AppendStretch {
  const cursor = new Cursor(segments, utf8);
  let tag = progress?.tag ?? '*';
  try {
    if (progress) {
      const state = progress.after === 'text' ? 'after-part' : 'after-message';
      return readStretch(cursor, progress, state, literalFollows);
    }
    const first = segments[0];
    if (first?.kind !== 'text' || tagOf(first.data) === '*') return { end: 'not-append' };
    tag = readTag(cursor);
    if (!cursor.accept(0x20) || cursor.peekKeyword() !== 'APPEND') return { end: 'not-append' };
    cursor.atom();
    cursor.sp();
    if (literalFollows && cursor.atEnd()) return { end: 'argument' };
    const target = mailbox(cursor);
    cursor.sp();
    return readStretch(cursor, { tag, mailbox: target }, 'message', literalFollows);
  } catch (error) {
    if (error instanceof ProtocolError) error.tag = tag;
    throw error;
  }
}

/** The grammar from `state` on, as a loop: a stretch may hold many parts and messages. */
function readStretch(
  cursor: Cursor,
  command: { tag: string; mailbox: string },
  from: State,
  literalFollows: boolean,
): AppendStretch {
  const items: AppendItem[] = [];
  const content = { ...command, items };
  let state = from;
  for (;;) {
    switch (state) {
      case 'message': {
        const header = { ...command, ...messageOptions(cursor) };
        if (cursor.atEnd()) {
          if (!literalFollows) syntaxError('expected the message: a literal or CATENATE');
          return { end: 'message', header, ...content };
        }
        if (cursor.keyword('a literal or CATENATE') !== 'CATENATE') {
          syntaxError('expected the message: a literal or CATENATE');
        }
        cursor.sp();
        cursor.expect(0x28, 'the parenthesized CATENATE parts');
        items.push({ kind: 'catenate', header });
        state = 'part';
        break;
      }
      case 'part': {
        const name = cursor.keyword('TEXT or URL');
        cursor.sp();
        if (name === 'TEXT') {
          // RFC 4469 section 5: text-literal = "TEXT" SP literal.
          if (!literalFollows || !cursor.atEnd()) syntaxError('TEXT needs a literal');
          return { end: 'text', ...content };
        }
        if (name !== 'URL') syntaxError('expected a CATENATE part: TEXT or URL');
        if (literalFollows && cursor.atEnd()) return { end: 'argument' };
        const url = cursor.astring('an IMAP URL');
        // Section 5: the astring holds an imapurl, which is never empty.
        if (url === '') syntaxError('URL needs an IMAP URL');
        items.push({ kind: 'url', url });
        state = 'after-part';
        break;
      }
      case 'after-part':
        if (cursor.accept(0x29)) state = 'after-message';
        else {
          cursor.sp();
          state = 'part';
        }
        break;
      case 'after-message':
        if (cursor.atEnd()) {
          if (literalFollows) syntaxError('expected end of line after the message');
          return { end: 'command', ...content };
        }
        cursor.sp();
        state = 'message';
        break;
    }
  }
}

/** `[flag-list SP] [date-time SP]` before a message's data. */
function messageOptions(cursor: Cursor): { flags: string[]; internalDate: Date | null } {
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
  return { flags, internalDate };
}
