import { renameMailbox } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** RENAME (RFC 3501 section 6.3.5): renames the mailbox with its inferiors; INBOX moves its messages. */
export async function rename(session: Session, command: CommandOf<'RENAME'>): Promise<Completion> {
  await renameMailbox(session.env.store, session.userId, command.mailbox, command.newName);
  return ok('RENAME completed');
}
