import { expungeMessages, loadMessages } from '@mailstore/storage';
import { takeExpunged } from '../session/expunged.js';
import { resolvePositions } from '../session/sequence.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * Writes `* n EXPUNGE` for each removed UID, or `* VANISHED` once QRESYNC is enabled, and drops
 * them from the session (see takeExpunged).
 */
export async function reportExpunged(session: Session, removed: readonly number[]): Promise<void> {
  const mailbox = session.selected;
  if (!mailbox) return;
  const responses = takeExpunged(session, mailbox, new Set(removed));
  if (responses.length > 0) await session.write(responses);
}

/**
 * EXPUNGE (RFC 3501 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1): removes the messages
 * flagged \Deleted (within the UID set for UID EXPUNGE). With QRESYNC enabled they are told with
 * VANISHED and the tagged OK names the HIGHESTMODSEQ reached.
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
  if (!session.qresync) return ok(`${command.name} completed`);
  // RFC 7162 section 3.2: with QRESYNC the tagged OK carries HIGHESTMODSEQ. The session catches
  // up first; what that brings is sent before the tagged response, so the client has seen every
  // change up to the MODSEQ named (a lower one than the expunge's would be allowed too).
  await session.refresh();
  const code = { name: 'HIGHESTMODSEQ' as const, args: String(mailbox.modseq) };
  return ok(`${command.name} completed`, code);
}
