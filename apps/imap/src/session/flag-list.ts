import { atom, statusResponse, untaggedResponse } from '@mailstore/imap-proto';
import type { Session } from './session.js';

/** The system flags of RFC 3501 section 2.3.2 that clients may set. */
export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

/** Keywords defined in a mailbox, by lower-cased name (keywords are case-insensitive). */
export type Keywords = Map<string, string>;

/** The keywords (flags without a backslash) the messages carry, by lower-cased name. */
export function keywordsOf(messages: ReadonlyArray<{ flags: readonly string[] }>): Keywords {
  const keywords: Keywords = new Map();
  for (const message of messages) addKeywords(keywords, message.flags);
  return keywords;
}

/** Adds the keywords among `flags`; true when one was new to the mailbox. */
export function addKeywords(keywords: Keywords, flags: readonly string[]): boolean {
  let added = false;
  for (const flag of flags) {
    if (flag.startsWith('\\') || keywords.has(flag.toLowerCase())) continue;
    keywords.set(flag.toLowerCase(), flag);
    added = true;
  }
  return added;
}

/**
 * `* FLAGS (...)` and `* OK [PERMANENTFLAGS (...)]`: the system flags plus the mailbox's
 * keywords (RFC 3501 sections 7.2.6 and 7.1); a read-only mailbox has no permanent flags, a
 * writable one also takes new keywords (`\*`).
 */
export function flagListResponses(session: Session, keywords: Keywords, readOnly: boolean) {
  const defined = [...SYSTEM_FLAGS, ...[...keywords.values()].sort()];
  const permanent = readOnly ? [] : [...defined, '\\*'];
  return [
    untaggedResponse([atom('FLAGS'), defined.map(atom)], session),
    statusResponse('*', 'OK', 'flags permitted', {
      name: 'PERMANENTFLAGS',
      args: `(${permanent.join(' ')})`,
    }),
  ];
}

/**
 * Announces keywords the selected mailbox did not have before (RFC 3501 section 7.2.6: the
 * FLAGS response is sent again when the set of flags changes), ahead of the FETCH responses
 * that carry them.
 */
export async function announceNewKeywords(
  session: Session,
  flags: readonly string[],
): Promise<void> {
  const mailbox = session.selected;
  if (!mailbox || !addKeywords(mailbox.keywords, flags)) return;
  for (const line of flagListResponses(session, mailbox.keywords, mailbox.readOnly)) {
    await session.write(line);
  }
}
