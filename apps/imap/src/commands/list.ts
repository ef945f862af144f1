import { atom, untaggedResponse, type ImapValue } from '@mailstore/imap-proto';
import {
  listMailboxes,
  listSubscriptions,
  MAILBOX_DELIMITER,
  type MailboxDoc,
} from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { bad, ok, type Completion } from '../session/types.js';
import { compilePattern, wireName } from './mailbox-names.js';
import type { CommandOf } from './registry.js';
import { status } from './status.js';

/** Selection options of RFC 5258 section 3.1 this server applies; REMOTE has no effect here. */
const SELECT_OPTIONS = ['SUBSCRIBED', 'SPECIAL-USE', 'REMOTE'];
/** Return options of RFC 5258 section 3.2, RFC 6154 and RFC 5819 this server honours. */
const RETURN_OPTIONS = ['SUBSCRIBED', 'CHILDREN', 'SPECIAL-USE', 'STATUS'];

/** Names that have at least one inferior: their \HasChildren attribute (RFC 3348). */
function parentsOf(boxes: readonly MailboxDoc[]): Set<string> {
  const parents = new Set<string>();
  for (const box of boxes) {
    const cut = box.path.lastIndexOf(MAILBOX_DELIMITER);
    if (cut > 0) parents.add(box.path.slice(0, cut));
  }
  return parents;
}

/** A name LIST answers with: a mailbox, or a subscribed name without one (`box` undefined). */
interface ListEntry {
  path: string;
  box?: MailboxDoc;
  subscribed: boolean;
}

function attributes(entry: ListEntry, parents: Set<string>, withSubscribed: boolean): ImapValue {
  // RFC 5258 section 3.1 / RFC 9051 section 7.3.1: a subscribed name without a mailbox is
  // listed by LIST (SUBSCRIBED) as \NonExistent (which implies \Noselect).
  const list = entry.box
    ? [parents.has(entry.path) ? '\\HasChildren' : '\\HasNoChildren']
    : ['\\NonExistent'];
  if (entry.box?.specialUse) list.push(entry.box.specialUse);
  if (withSubscribed && entry.subscribed) list.push('\\Subscribed');
  return list.map(atom);
}

/**
 * The names to consider: every mailbox, or with the SUBSCRIBED selection option every
 * subscribed name, whether its mailbox exists or not (RFC 5258 section 3.1).
 */
function entries(
  boxes: readonly MailboxDoc[],
  subscriptions: ReadonlySet<string>,
  subscribedOnly: boolean,
): ListEntry[] {
  if (!subscribedOnly) {
    return boxes.map((box) => ({ path: box.path, box, subscribed: subscriptions.has(box.path) }));
  }
  const byPath = new Map(boxes.map((box) => [box.path, box]));
  return [...subscriptions].map((path) => ({ path, box: byPath.get(path), subscribed: true }));
}

/**
 * LIST (RFC 3501 section 6.3.8, RFC 5258 selection and return options, RFC 6154 special-use
 * attributes, RFC 5819 RETURN (STATUS ...)). Every mailbox gets \HasChildren or
 * \HasNoChildren (RFC 5258 section 4); a subscribed name without a mailbox gets \NonExistent.
 */
export async function list(session: Session, command: CommandOf<'LIST'>): Promise<Completion> {
  const unknown = command.selectOptions.find((option) => !SELECT_OPTIONS.includes(option));
  if (unknown) return bad(`unknown LIST selection option ${unknown}`);
  const unsupported = command.returnOptions.find((option) => !RETURN_OPTIONS.includes(option));
  if (unsupported) return bad(`unsupported LIST return option ${unsupported}`);

  if (command.patterns.length === 1 && command.patterns[0] === '') {
    // RFC 3501 section 6.3.8: an empty pattern asks for the delimiter and the root name.
    const reply = [atom('LIST'), [atom('\\Noselect')], MAILBOX_DELIMITER, ''];
    await session.write(untaggedResponse(reply, session));
    return ok('LIST completed');
  }

  const subscribedOnly = command.selectOptions.includes('SUBSCRIBED');
  const specialOnly = command.selectOptions.includes('SPECIAL-USE');
  const withSubscribed = subscribedOnly || command.returnOptions.includes('SUBSCRIBED');
  const [boxes, subscriptions] = await Promise.all([
    listMailboxes(session.env.store, session.userId),
    withSubscribed ? listSubscriptions(session.env.store, session.userId) : [],
  ]);
  const parents = parentsOf(boxes);
  const patterns = command.patterns.map((pattern) => compilePattern(command.reference, pattern));
  for (const entry of entries(boxes, new Set(subscriptions), subscribedOnly)) {
    if (!patterns.some((pattern) => pattern.test(entry.path))) continue;
    if (specialOnly && !entry.box?.specialUse) continue;
    const reply = [
      atom('LIST'),
      attributes(entry, parents, withSubscribed),
      MAILBOX_DELIMITER,
      wireName(session, entry.path),
    ];
    await session.write(untaggedResponse(reply, session));
    if (entry.box && command.returnOptions.includes('STATUS')) {
      // RFC 5819 section 2: the STATUS response follows the mailbox's LIST response, and a
      // \NonExistent name gets none. A mailbox deleted in between gets none either (the STATUS
      // handler answers NO, which is dropped here).
      const items = command.statusItems;
      await status(session, { tag: command.tag, name: 'STATUS', mailbox: entry.path, items });
    }
  }
  return ok('LIST completed');
}
