import { expungeMessages } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';

/**
 * CLOSE (RFC 3501 section 6.4.2): expunges \Deleted messages without EXPUNGE responses when the
 * mailbox is read-write, then leaves it.
 */
export async function close(session: Session): Promise<Completion> {
  const mailbox = session.selected;
  if (mailbox && !mailbox.readOnly) {
    await expungeMessages(session.env.store, session.userId, mailbox.id);
  }
  session.select(null);
  return ok('CLOSE completed');
}
