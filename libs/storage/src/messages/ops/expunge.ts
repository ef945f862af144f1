import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { releaseRefs } from '../blobs/refs.js';
import { idRange, MESSAGES, type MessageDoc } from '../collections.js';
import { appendJournalEntries } from '../journal/append.js';
import type { JournalEntryInput } from '../journal/types.js';
import { releaseQuota } from '../quota.js';
import { allocateModseqs } from '../uid/allocate.js';
import { advanceMailbox } from '../uid/watermark.js';
import { loadMessages } from './load.js';
import { mailboxLock, withLock } from '../lock.js';

/** Options of {@link expungeMessages}. */
export interface ExpungeOptions {
  /** Keep the quota charged: MOVE hands the bytes to the copy (RFC 6851). */
  keepQuota?: boolean;
}

/**
 * Expunges messages: the given UIDs, or every message flagged `\Deleted` (RFC 3501 section
 * 6.4.3). Each removal releases its blob references and quota and journals `message-expunged`
 * under a new MODSEQ. Returns the expunged UIDs in ascending order.
 */
export async function expungeMessages(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  uids?: readonly number[],
  options: ExpungeOptions = {},
): Promise<number[]> {
  return withLock(store, mailboxLock(mailbox), () => expunge(store, user, mailbox, uids, options));
}

async function expunge(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  uids: readonly number[] | undefined,
  options: ExpungeOptions,
): Promise<number[]> {
  const docs = uids
    ? await loadMessages(store, user, mailbox, uids)
    : await store.db
        .collection<MessageDoc>(MESSAGES)
        .find({ _id: idRange(user, mailbox), flags: '\\Deleted', hole: { $exists: false } })
        .sort({ _id: 1 })
        .toArray();
  if (docs.length === 0) return [];
  const modseqs = await allocateModseqs(store, user, mailbox, docs.length);
  const entries: JournalEntryInput[] = [];
  const released: string[] = [];
  const expunged: number[] = [];
  let bytes = 0;
  for (const [i, doc] of docs.entries()) {
    const modseq = modseqs[i]!;
    // Only the caller whose delete removed the document releases what it held.
    const { deletedCount } = await store.db
      .collection<MessageDoc>(MESSAGES)
      .deleteOne({ _id: doc._id });
    if (deletedCount === 1) {
      released.push(...doc.blobs);
      bytes += doc.size;
      expunged.push(doc.uid);
      entries.push({ user, mailbox, kind: 'message-expunged', uid: doc.uid, modseq });
    } else {
      entries.push({ user, mailbox, kind: 'hole', modseq });
    }
  }
  await releaseRefs(store, released);
  if (!options.keepQuota) await releaseQuota(store, user, bytes);
  await appendJournalEntries(store, entries);
  await advanceMailbox(store, user, mailbox);
  return expunged;
}
