import { deleteMailbox, getMailboxByPath } from '@mailstore/storage';
import { forgetRecent } from '../session/recent.js';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * DELETE (RFC 3501 section 6.3.4): removes the mailbox and its messages; INBOX is refused with
 * NO [CANNOT], a mailbox with inferiors with NO [HASCHILDREN] (RFC 9051 section 7.1). Other
 * sessions that have it selected learn it from the journal (`mailbox-deleted`) and end with BYE
 * (../session/refresh.ts). This session, when it has the mailbox selected, returns to the
 * authenticated state (it asked for the deletion).
 */
export async function deleteCommand(
  session: Session,
  command: CommandOf<'DELETE'>,
): Promise<Completion> {
  const { store } = session.env;
  const target = await getMailboxByPath(store, session.userId, command.mailbox);
  await deleteMailbox(store, session.userId, command.mailbox);

  if (target && session.selected?.id.equals(target._id)) session.select(null);
  if (target) await forgetRecent(store, target._id);
  return ok('DELETE completed');
}
