import { atom, fetchResponse, untaggedResponse } from '@mailstore/imap-proto';
import { advanceMailbox, listMessages } from '@mailstore/storage';
import type { Session } from './session.js';

/**
 * Brings the selected mailbox up to date after a journal notice: new messages become
 * `* n EXISTS`, flag changes `* n FETCH (FLAGS ...)`, queued for the moment the RFC allows
 * (at once while IDLE).
 * TODO(#5): expunges by other sessions (EXPUNGE only where RFC 3501 section 7.4.1 allows).
 */
export async function refreshSelected(session: Session): Promise<void> {
  const mailbox = session.selected;
  if (!mailbox) return;
  const { store } = session.env;
  const { uidCommitted, modseqCommitted } = await advanceMailbox(store, session.userId, mailbox.id);
  const changed = await listMessages(store, session.userId, mailbox.id, uidCommitted, {
    changedSince: mailbox.modseq,
  });
  if (session.selected !== mailbox) return;

  const last = mailbox.uids.at(-1) ?? 0;
  const added = changed.filter((message) => message.uid > last).map((message) => message.uid);
  const known = new Map(Array.from(mailbox.uids, (uid, index) => [uid, index]));
  for (const message of changed) {
    const index = known.get(message.uid);
    if (index === undefined || mailbox.ownModseqs.has(message.modseq)) continue;
    const items = [['FLAGS', message.flags.map(atom)] as const];
    session.updates.push(fetchResponse(index + 1, items, session));
  }
  if (added.length > 0) {
    const uids = new Uint32Array(mailbox.uids.length + added.length);
    uids.set(mailbox.uids);
    uids.set(added, mailbox.uids.length);
    mailbox.uids = uids;
    session.updates.push(untaggedResponse([uids.length, atom('EXISTS')], session));
  }
  mailbox.modseq = Math.max(mailbox.modseq, modseqCommitted);
  for (const modseq of mailbox.ownModseqs) {
    if (modseq <= mailbox.modseq) mailbox.ownModseqs.delete(modseq);
  }
}
