import { deleteMailbox } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * DELETE (RFC 3501 section 6.3.4): removes the mailbox and its messages; INBOX and mailboxes with
 * inferiors are refused with NO [CANNOT].
 * TODO(#5): tell sessions that have the mailbox selected (journal `mailbox-deleted`).
 */
export async function deleteCommand(
  session: Session,
  command: CommandOf<'DELETE'>,
): Promise<Completion> {
  await deleteMailbox(session.env.store, session.userId, command.mailbox);
  return ok('DELETE completed');
}
