import { atom, fetchResponse, type FetchItem } from '@mailstore/imap-proto';
import { loadMessages, storeFlags, type MessageDoc } from '@mailstore/storage';
import { enableCondstore } from '../session/condstore.js';
import { announceNewKeywords } from '../session/flag-list.js';
import { withRecent } from '../session/recent.js';
import type { SelectedMailbox } from '../session/selected.js';
import { resolvePositions } from '../session/sequence.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';
import { compactSequenceSet } from './search-response.js';

const MODES = { replace: 'set', add: 'add', remove: 'remove' } as const;

/**
 * STORE and UID STORE (RFC 3501 sections 6.4.6 and 6.4.8): changes flags, then reports the
 * flags of every named message unless `.SILENT`. With UNCHANGEDSINCE (RFC 7162 section 3.1.3,
 * which enables CONDSTORE) a message whose MODSEQ is above the given one is left alone and
 * named in `OK [MODIFIED set]`; the test and the write are atomic per message (the store runs
 * them under the mailbox lock). Once CONDSTORE is enabled, the FETCH responses carry UID and
 * MODSEQ, and a `.SILENT` STORE still reports the new MODSEQ of each message it changed.
 */
export async function store(
  session: Session,
  command: CommandOf<'STORE' | 'UID STORE'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  if (mailbox.readOnly) return no('mailbox is read-only', { name: 'READ-ONLY' });
  if (command.unchangedSince !== null) await enableCondstore(session);

  const positions = resolvePositions(mailbox, command.sequenceSet, command.uid);
  const uids = positions.map((index) => mailbox.uids[index] as number);
  const { store: handles } = session.env;
  const input = { user: session.userId, mailbox: mailbox.id, uids, flags: command.flags };
  const result = await storeFlags(handles, {
    ...input,
    mode: MODES[command.operation],
    // A value past 2^53 only loses precision far above any MODSEQ, so no message fails on it.
    unchangedSince: command.unchangedSince === null ? undefined : Number(command.unchangedSince),
  });
  for (const change of result.changed) mailbox.ownModseqs.add(change.modseq);

  const modified = new Set(result.modified);
  const changed = new Set(result.changed.map((change) => change.uid));
  // .SILENT reports nothing, or once CONDSTORE is enabled the new MODSEQs; else every message
  // that did not fail UNCHANGEDSINCE.
  let reported = uids.filter((uid) => !modified.has(uid));
  if (command.silent) reported = session.condstore ? uids.filter((uid) => changed.has(uid)) : [];
  const messages =
    reported.length > 0 ? await loadMessages(handles, input.user, mailbox.id, reported) : [];
  if (command.operation !== 'remove' && result.changed.length > 0) {
    await announceNewKeywords(session, command.flags);
  }
  await writeFetches(session, mailbox, command, positions, messages);

  if (modified.size === 0) return ok(`${command.name} completed`);
  const failed = positions
    .filter((index) => modified.has(mailbox.uids[index] as number))
    .map((index) => (command.uid ? (mailbox.uids[index] as number) : index + 1))
    .sort((a, b) => a - b);
  const code = { name: 'MODIFIED' as const, args: compactSequenceSet(failed) };
  return ok(`conditional ${command.name} failed for some messages`, code);
}

/** The untagged FETCH responses of a STORE, in the order of the message set. */
async function writeFetches(
  session: Session,
  mailbox: SelectedMailbox,
  command: CommandOf<'STORE' | 'UID STORE'>,
  positions: readonly number[],
  messages: readonly MessageDoc[],
): Promise<void> {
  const byUid = new Map(messages.map((message) => [message.uid, message]));
  for (const index of positions) {
    const message = byUid.get(mailbox.uids[index] as number);
    if (!message) continue;
    const items: FetchItem[] = [];
    if (command.uid || session.condstore) items.push(['UID', message.uid]);
    if (session.condstore) items.push(['MODSEQ', [message.modseq]]);
    if (!command.silent) {
      const flags = withRecent(mailbox.recent, message.uid, message.flags);
      items.push(['FLAGS', flags.map(atom)]);
    }
    await session.write(fetchResponse(index + 1, items, session));
  }
}
