import { atom, fetchResponse } from '@mailstore/imap-proto';
import { loadMessages, storeFlags } from '@mailstore/storage';
import { withRecent } from '../session/recent.js';
import { resolvePositions } from '../session/sequence.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

const MODES = { replace: 'set', add: 'add', remove: 'remove' } as const;

/**
 * STORE and UID STORE (RFC 3501 sections 6.4.6 and 6.4.8): changes flags, then reports the
 * flags of every named message unless `.SILENT`.
 * TODO(#5): UNCHANGEDSINCE (CONDSTORE).
 */
export async function store(
  session: Session,
  command: CommandOf<'STORE' | 'UID STORE'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  if (mailbox.readOnly) return no('mailbox is read-only', { name: 'READ-ONLY' });

  const positions = resolvePositions(mailbox, command.sequenceSet, command.uid);
  const uids = positions.map((index) => mailbox.uids[index] as number);
  const { store: handles } = session.env;
  const input = { user: session.userId, mailbox: mailbox.id, uids, flags: command.flags };
  const result = await storeFlags(handles, { ...input, mode: MODES[command.operation] });
  for (const change of result.changed) mailbox.ownModseqs.add(change.modseq);
  if (command.silent) return ok(`${command.name} completed`);

  const messages = await loadMessages(handles, session.userId, mailbox.id, uids);
  const byUid = new Map(messages.map((message) => [message.uid, message]));
  for (const index of positions) {
    const message = byUid.get(mailbox.uids[index] as number);
    if (!message) continue;
    const flags = withRecent(mailbox.recent, message.uid, message.flags);
    const items = [['FLAGS', flags.map(atom)] as const];
    const withUid = command.uid ? [['UID', message.uid] as const, ...items] : items;
    await session.write(fetchResponse(index + 1, withUid, session));
  }
  return ok(`${command.name} completed`);
}
