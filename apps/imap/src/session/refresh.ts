import { advanceMailbox, getMailbox, listMessages } from '@mailstore/storage';
import { readChanges } from './journal-read.js';
import { claimRecent, forgetRecent, peekRecent } from './recent.js';
import type { FlagChange, SelectedMailbox } from './selected.js';
import type { Session } from './session.js';
import { indexOfUid } from './updates.js';

/** What changed in the store since the session's MODSEQ, relative to what it knows. */
interface StoreChanges {
  expunged: number[];
  flags: Map<number, FlagChange>;
  /** New UIDs, ascending, all above `lastKnownUid`. */
  added: number[];
  /** The keywords of the new messages. */
  keywords: string[];
}

/**
 * Brings the selected mailbox up to date with the store: expunges and flag changes from the
 * change journal (read from the session's MODSEQ), new messages from the committed UID
 * watermark. They become pending changes, sent when the RFC allows (at once while IDLE). The
 * session's own flag changes, already reported, are skipped. A mailbox renamed elsewhere keeps
 * its id, so the session just learns the new name; one deleted elsewhere ends the session.
 */
export async function refreshSelected(session: Session): Promise<void> {
  const mailbox = session.selected;
  if (!mailbox) return;
  const { store } = session.env;
  const user = session.userId;
  const doc = await getMailbox(store, user, mailbox.id);
  if (session.selected !== mailbox) return;
  if (!doc) return mailboxDeleted(session, mailbox);
  mailbox.path = doc.path;

  const { uidCommitted, modseqCommitted } = await advanceMailbox(
    store,
    user,
    mailbox.id,
    new Date(),
    doc,
  );
  const journal = await readChanges(store, user, mailbox.id, mailbox.modseq, modseqCommitted);
  const changes = journal.complete
    ? {
        expunged: journal.expunged,
        flags: new Map(
          [...journal.flags].filter(([, change]) => !mailbox.ownModseqs.has(change.modseq)),
        ),
        ...(await listAdded(session, mailbox, uidCommitted)),
      }
    : await resynchronize(session, mailbox, uidCommitted);
  await noteRecent(session, mailbox, changes.added);
  if (session.selected !== mailbox) return;

  merge(mailbox, changes);
  mailbox.modseq = Math.max(mailbox.modseq, modseqCommitted);
  mailbox.lastKnownUid = Math.max(mailbox.lastKnownUid, uidCommitted);
  for (const modseq of mailbox.ownModseqs) {
    if (modseq <= mailbox.modseq) mailbox.ownModseqs.delete(modseq);
  }
  if (session.updates.idling) await session.updates.flush(true);
}

/**
 * UIDs committed since the session last looked (the UID watermark is a contiguous prefix), and
 * the keywords those messages carry.
 */
async function listAdded(
  session: Session,
  mailbox: SelectedMailbox,
  uidCommitted: number,
): Promise<{ added: number[]; keywords: string[] }> {
  if (uidCommitted <= mailbox.lastKnownUid) return { added: [], keywords: [] };
  const uidFrom = mailbox.lastKnownUid + 1;
  const messages = await listMessages(session.env.store, session.userId, mailbox.id, uidCommitted, {
    uidFrom,
  });
  return { added: messages.map((message) => message.uid), keywords: keywordsOf(messages) };
}

/** The keywords (flags that are not system flags) of the messages, with repeats. */
function keywordsOf(messages: readonly { flags: readonly string[] }[]): string[] {
  return messages.flatMap((message) => message.flags.filter((flag) => !flag.startsWith('\\')));
}

/**
 * Compares the whole message list with what the session knows, when the journal cannot tell
 * (pruned past the session's MODSEQ, or too many changes to page through).
 */
async function resynchronize(
  session: Session,
  mailbox: SelectedMailbox,
  uidCommitted: number,
): Promise<StoreChanges> {
  const { store } = session.env;
  const messages = await listMessages(store, session.userId, mailbox.id, uidCommitted);
  session.log.debug({ messages: messages.length }, 'selected mailbox resynchronized');
  const present = new Set(messages.map((message) => message.uid));
  const known = [...mailbox.uids, ...mailbox.pending.added];
  const flags = new Map<number, FlagChange>();
  for (const message of messages) {
    const changed = message.modseq > mailbox.modseq && !mailbox.ownModseqs.has(message.modseq);
    if (changed && message.uid <= mailbox.lastKnownUid) {
      flags.set(message.uid, { flags: message.flags, modseq: message.modseq });
    }
  }
  const added = messages.filter((message) => message.uid > mailbox.lastKnownUid);
  return {
    expunged: known.filter((uid) => !present.has(uid)),
    flags,
    added: added.map((message) => message.uid),
    keywords: keywordsOf(added),
  };
}

/**
 * New messages are \Recent in this session when it claims them first (SELECT, read-write), or
 * when nobody has claimed them yet (EXAMINE looks without claiming, RFC 3501 section 6.3.2).
 */
async function noteRecent(
  session: Session,
  mailbox: SelectedMailbox,
  added: readonly number[],
): Promise<void> {
  const first = added[0];
  const last = added.at(-1);
  // An IMAP4rev2 session has no \Recent (RFC 9051 section 2.3.2): it leaves them to others.
  if (first === undefined || last === undefined || session.rev2) return;
  const { store } = session.env;
  const before = mailbox.readOnly
    ? await peekRecent(store, mailbox.id)
    : await claimRecent(store, mailbox.id, last);
  mailbox.recent.add(Math.max(before + 1, first), last);
}

/** Adds the changes to the pending ones (see PendingChanges); nothing is written here. */
function merge(mailbox: SelectedMailbox, changes: StoreChanges): void {
  const { pending } = mailbox;
  for (const uid of changes.expunged) {
    if (indexOfUid(mailbox.uids, uid) >= 0) {
      // Read from the session's MODSEQ: every expunge found lies above it.
      pending.expungedAfter ??= mailbox.modseq;
      pending.expunged.add(uid);
      pending.flags.delete(uid);
    } else {
      // Gone before the client heard of it: it is never reported.
      pending.added = pending.added.filter((added) => added !== uid);
    }
  }
  for (const [uid, flags] of changes.flags) {
    if (indexOfUid(mailbox.uids, uid) >= 0 && !pending.expunged.has(uid)) {
      pending.flags.set(uid, flags);
    }
  }
  const lastPending = pending.added.at(-1) ?? mailbox.uids.at(-1) ?? 0;
  pending.added.push(...changes.added.filter((uid) => uid > lastPending));
  pending.addedKeywords.push(...changes.keywords);
}

/**
 * The selected mailbox was deleted by another session. RFC 3501 has no response that deselects
 * a mailbox; RFC 2180 section 3.1 lists disconnecting the other clients with an untagged BYE as
 * one allowed practice, and Dovecot does the same. The BYE names why; it goes out after a running
 * command's tagged response, at once otherwise (BYE may come at any time, RFC 3501 section 7.1.5).
 */
async function mailboxDeleted(session: Session, mailbox: SelectedMailbox): Promise<void> {
  const text = `mailbox ${mailbox.path} was deleted by another session`;
  session.log.info({ mailbox: mailbox.id.toHexString() }, 'selected mailbox deleted elsewhere');
  await forgetRecent(session.env.store, mailbox.id).catch(() => undefined);
  if (session.commandRunning && !session.updates.idling) session.byeAfterResponse = text;
  else await session.close(text);
}
