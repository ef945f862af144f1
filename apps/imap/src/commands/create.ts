import { mailboxIdCode } from '@mailstore/imap-proto';
import { createMailbox } from '@mailstore/storage';
import { mailboxObjectId } from '../session/object-ids.js';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * CREATE (RFC 3501 section 6.3.3): creates the mailbox and any missing superiors. A trailing
 * delimiter only says the client means to create children, so it is dropped. The tagged OK
 * carries the new mailbox's `[MAILBOXID (id)]` (RFC 8474 section 4.1).
 */
export async function create(session: Session, command: CommandOf<'CREATE'>): Promise<Completion> {
  const path = command.mailbox.replace(/\/+$/, '');
  const mailbox = await createMailbox(session.env.store, session.userId, path);
  return ok('CREATE completed', mailboxIdCode(mailboxObjectId(mailbox._id)));
}
