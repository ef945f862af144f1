import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { listMailboxes, listSubscriptions, MAILBOX_DELIMITER } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import { compilePattern, wireName } from './mailbox-names.js';
import type { CommandOf } from './registry.js';

/**
 * LSUB (RFC 3501 section 6.3.9): the subscribed names that match the pattern, whether or not
 * their mailboxes exist; a name without a mailbox is marked \Noselect, as it cannot be selected.
 */
export async function lsub(session: Session, command: CommandOf<'LSUB'>): Promise<Completion> {
  const pattern = compilePattern(command.reference, command.pattern);
  const [boxes, subscriptions] = await Promise.all([
    listMailboxes(session.env.store, session.userId),
    listSubscriptions(session.env.store, session.userId),
  ]);
  const existing = new Set(boxes.map((box) => box.path));
  for (const path of subscriptions) {
    if (!pattern.test(path)) continue;
    const attributes = existing.has(path) ? [] : [atom('\\Noselect')];
    const reply = [atom('LSUB'), attributes, MAILBOX_DELIMITER, wireName(session, path)];
    await session.write(untaggedResponse(reply, session));
  }
  return ok('LSUB completed');
}
