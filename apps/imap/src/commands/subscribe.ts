import { subscribe as subscribeMailbox } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** SUBSCRIBE (RFC 3501 section 6.3.6): only existing mailboxes can be subscribed. */
export async function subscribe(
  session: Session,
  command: CommandOf<'SUBSCRIBE'>,
): Promise<Completion> {
  await subscribeMailbox(session.env.store, session.userId, command.mailbox);
  return ok('SUBSCRIBE completed');
}
