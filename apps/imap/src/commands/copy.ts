import { statusResponse } from '@mailstore/imap-proto';
import { copyMessages, getMailboxByPath } from '@mailstore/storage';
import { resolvePositions } from '../session/sequence.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import { reportExpunged } from './expunge.js';
import type { CommandOf } from './registry.js';

/**
 * COPY, MOVE and their UID forms (RFC 3501 section 6.4.7, RFC 6851, RFC 4315 COPYUID). A missing
 * target gets NO [TRYCREATE]. MOVE sends COPYUID untagged, then the EXPUNGE responses.
 */
export async function copy(
  session: Session,
  command: CommandOf<'COPY' | 'UID COPY' | 'MOVE' | 'UID MOVE'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  const move = command.name.endsWith('MOVE');
  if (move && mailbox.readOnly) return no('mailbox is read-only', { name: 'READ-ONLY' });
  const { store } = session.env;
  const target = await getMailboxByPath(store, session.userId, command.mailbox);
  if (!target) return no(`mailbox ${command.mailbox} does not exist`, { name: 'TRYCREATE' });

  const positions = resolvePositions(mailbox, command.sequenceSet, command.uid);
  const uids = positions.map((index) => mailbox.uids[index] as number);
  const input = { user: session.userId, from: mailbox.id, to: target._id, uids, move };
  const copied = uids.length > 0 ? await copyMessages(store, input) : [];
  const code =
    copied.length === 0
      ? undefined
      : {
          name: 'COPYUID' as const,
          args: `${target.uidValidity} ${copied.map((item) => item.sourceUid).join(',')} ${copied.map((item) => item.uid).join(',')}`,
        };

  if (!move) return ok(`${command.name} completed`, code);
  if (code) await session.write(statusResponse('*', 'OK', 'moved', code));
  await reportExpunged(
    session,
    copied.map((item) => item.sourceUid),
  );
  return ok(`${command.name} completed`);
}
