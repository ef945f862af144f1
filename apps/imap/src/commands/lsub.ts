import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { listMailboxes, MAILBOX_DELIMITER } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import { compilePattern, wireName } from './mailbox-names.js';
import type { CommandOf } from './registry.js';

/** LSUB (RFC 3501 section 6.3.9): the subscribed mailboxes that match the pattern. */
export async function lsub(session: Session, command: CommandOf<'LSUB'>): Promise<Completion> {
  const pattern = compilePattern(command.reference, command.pattern);
  const boxes = await listMailboxes(session.env.store, session.userId);
  for (const box of boxes) {
    if (!box.subscribed || !pattern.test(box.path)) continue;
    const reply = [atom('LSUB'), [], MAILBOX_DELIMITER, wireName(session, box.path)];
    await session.write(untaggedResponse(reply, session));
  }
  return ok('LSUB completed');
}
