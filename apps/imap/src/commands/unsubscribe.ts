import { unsubscribe as unsubscribeMailbox } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** UNSUBSCRIBE (RFC 3501 section 6.3.7). */
export async function unsubscribe(
  session: Session,
  command: CommandOf<'UNSUBSCRIBE'>,
): Promise<Completion> {
  await unsubscribeMailbox(session.env.store, session.userId, command.mailbox);
  return ok('UNSUBSCRIBE completed');
}
