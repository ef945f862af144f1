import type { Filter, ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { releaseRefs } from '../blobs/refs.js';
import {
  idRange,
  JOURNAL,
  MESSAGES,
  THREADS,
  type JournalDoc,
  type MessageDoc,
  type ThreadDoc,
} from '../collections.js';
import { releaseQuota } from '../quota.js';

/** Messages removed per batch when a mailbox or a user is deleted. */
const DELETE_BATCH = 200;

/** What a bulk delete removed. */
export interface DeletedMessages {
  messages: number;
  bytes: number;
}

/**
 * Deletes every message of one mailbox, releasing their blob references and their quota. Call it
 * after the mailbox itself is gone (or marked deleted) so that no new message arrives meanwhile.
 */
export async function deleteMailboxMessages(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
): Promise<DeletedMessages> {
  const result = await deleteMatching(store, user, { _id: idRange(user, mailbox) });
  await store.db.collection<JournalDoc>(JOURNAL).deleteMany({ _id: idRange(user, mailbox) });
  return result;
}

/** Deletes every message, journal entry and thread key of a user, releasing blobs and quota. */
export async function deleteUserMessages(store: Store, user: ObjectId): Promise<DeletedMessages> {
  const result = await deleteMatching(store, user, { _id: idRange(user) });
  await store.db.collection<JournalDoc>(JOURNAL).deleteMany({ _id: idRange(user) });
  await store.db.collection<ThreadDoc>(THREADS).deleteMany({ _id: idRange(user) });
  return result;
}

/**
 * Deletes message documents one by one: only the caller whose delete removed the document
 * releases its references, so a concurrent expunge of the same message cannot release twice.
 */
export async function deleteMatching(
  store: Store,
  user: ObjectId,
  filter: Filter<MessageDoc>,
): Promise<DeletedMessages> {
  const messages = store.db.collection<MessageDoc>(MESSAGES);
  let total: DeletedMessages = { messages: 0, bytes: 0 };
  for (;;) {
    const batch = await messages
      .find(filter, { projection: { _id: 1, size: 1, blobs: 1, hole: 1 } })
      .limit(DELETE_BATCH)
      .toArray();
    if (batch.length === 0) return total;
    const released: string[] = [];
    let bytes = 0;
    let count = 0;
    for (const doc of batch) {
      const { deletedCount } = await messages.deleteOne({ _id: doc._id });
      if (deletedCount !== 1 || doc.hole) continue;
      released.push(...doc.blobs);
      bytes += doc.size;
      count++;
    }
    await releaseRefs(store, released);
    await releaseQuota(store, user, bytes);
    total = { messages: total.messages + count, bytes: total.bytes + bytes };
  }
}
