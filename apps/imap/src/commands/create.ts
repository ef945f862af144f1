import { createMailbox } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * CREATE (RFC 3501 section 6.3.3): creates the mailbox and any missing superiors. A trailing
 * delimiter only says the client means to create children, so it is dropped.
 */
export async function create(session: Session, command: CommandOf<'CREATE'>): Promise<Completion> {
  const path = command.mailbox.replace(/\/+$/, '');
  await createMailbox(session.env.store, session.userId, path);
  return ok('CREATE completed');
}
