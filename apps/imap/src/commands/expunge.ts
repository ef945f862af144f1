import { expungeMessages, loadMessages } from '@mailstore/storage';
import { resolvePositions } from '../session/sequence.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** Writes `* n EXPUNGE` for each removed UID, highest first, and drops them from the session. */
export async function reportExpunged(session: Session, removed: readonly number[]): Promise<void> {
  const mailbox = session.selected;
  if (!mailbox) return;
  const gone = new Set(removed);
  // Highest sequence number first: each EXPUNGE shifts only the numbers above it (RFC 3501
  // section 7.4.1), so the lower ones stay valid as written.
  for (let index = mailbox.uids.length - 1; index >= 0; index -= 1) {
    if (gone.has(mailbox.uids[index] as number)) await session.write(`* ${index + 1} EXPUNGE\r\n`);
  }
  mailbox.uids = mailbox.uids.filter((uid) => !gone.has(uid));
}

/**
 * EXPUNGE (RFC 3501 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1): removes the messages
 * flagged \Deleted (within the UID set for UID EXPUNGE).
 */
export async function expunge(
  session: Session,
  command: CommandOf<'EXPUNGE' | 'UID EXPUNGE'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  if (mailbox.readOnly) return no('mailbox is read-only', { name: 'READ-ONLY' });
  const { store } = session.env;

  let removed: number[];
  if (command.name === 'UID EXPUNGE') {
    const positions = resolvePositions(mailbox, command.sequenceSet, true);
    const uids = positions.map((index) => mailbox.uids[index] as number);
    const messages = await loadMessages(store, session.userId, mailbox.id, uids);
    const deleted = messages.filter((message) => message.flags.includes('\\Deleted'));
    removed =
      deleted.length === 0
        ? []
        : await expungeMessages(
            store,
            session.userId,
            mailbox.id,
            deleted.map((message) => message.uid),
          );
  } else {
    removed = await expungeMessages(store, session.userId, mailbox.id);
  }

  await reportExpunged(session, removed);
  return ok(`${command.name} completed`);
}
