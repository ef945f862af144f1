import { subscribe as subscribeName } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * SUBSCRIBE (RFC 3501 section 6.3.6, RFC 9051 section 6.3.7). A name without a mailbox is
 * accepted: the RFCs let a server check existence (MAY) but keep the list a list of names that
 * outlives deletion, so a client may subscribe a folder it creates later. Only a malformed
 * name is refused.
 */
export async function subscribe(
  session: Session,
  command: CommandOf<'SUBSCRIBE'>,
): Promise<Completion> {
  await subscribeName(session.env.store, session.userId, command.mailbox);
  return ok('SUBSCRIBE completed');
}
