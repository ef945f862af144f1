import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { loadMessages } from '@mailstore/storage';
import { matches } from '../session/search-match.js';
import type { Session } from '../session/session.js';
import { bad, no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8) over the messages the session
 * knows, answered with `* SEARCH` numbers in ascending order.
 * TODO(#5): ESEARCH RETURN options (RFC 4731); load in batches for large mailboxes.
 */
export async function search(
  session: Session,
  command: CommandOf<'SEARCH' | 'UID SEARCH'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  if (command.returnOptions) return bad('SEARCH RETURN (ESEARCH) is not supported');

  const uids = [...mailbox.uids];
  const messages = await loadMessages(session.env.store, session.userId, mailbox.id, uids);
  const byUid = new Map(messages.map((message) => [message.uid, message]));
  const lastUid = uids.at(-1) ?? 0;
  const found: number[] = [];
  uids.forEach((uid, index) => {
    const message = byUid.get(uid);
    const candidate = { message, sequence: index + 1, lastSequence: uids.length, lastUid };
    if (message && matches(command.criteria, { ...candidate, message })) {
      found.push(command.uid ? uid : index + 1);
    }
  });

  await session.write(untaggedResponse([atom('SEARCH'), ...found], session));
  return ok(`${command.name} completed`);
}
