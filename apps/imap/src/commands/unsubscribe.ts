import { unsubscribe as unsubscribeName } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * UNSUBSCRIBE (RFC 3501 section 6.3.7, RFC 9051 section 6.3.8): removes a subscribed name,
 * whether or not its mailbox still exists; a name that is not subscribed gets
 * `NO [NONEXISTENT]` ("can't unsubscribe that name").
 */
export async function unsubscribe(
  session: Session,
  command: CommandOf<'UNSUBSCRIBE'>,
): Promise<Completion> {
  await unsubscribeName(session.env.store, session.userId, command.mailbox);
  return ok('UNSUBSCRIBE completed');
}
