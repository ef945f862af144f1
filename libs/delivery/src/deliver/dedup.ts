import type { IndexDefinition } from '@mailstore/db';
import { MESSAGES, type MessageDoc, type Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';

/**
 * The index {@link findDuplicate} reads: a mailbox's messages by Message-ID. It lives on the
 * store's messages collection; this lib declares it because only delivery asks the question.
 */
export const DEDUP_INDEX: IndexDefinition = {
  collection: MESSAGES,
  key: { user: 1, mailbox: 1, messageId: 1 },
  options: { name: 'delivery_message_id' },
};

/**
 * The UID of a message with this Message-ID stored in the mailbox within the last
 * `windowSeconds`, or null. Reading the messages themselves (not a separate marker) means a
 * delivery that stored its copy but failed before answering is recognised when the MTA retries.
 */
export async function findDuplicate(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  messageId: string,
  windowSeconds: number,
): Promise<number | null> {
  const since = new Date(Date.now() - windowSeconds * 1000);
  const doc = await store.db
    .collection<MessageDoc>(MESSAGES)
    .findOne(
      { user, mailbox, messageId, storedAt: { $gte: since }, hole: { $exists: false } },
      { projection: { uid: 1 } },
    );
  return doc ? doc.uid : null;
}
