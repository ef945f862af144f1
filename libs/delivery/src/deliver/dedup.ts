import { createHash } from 'node:crypto';
import type { IndexDefinition } from '@mailstore/db';
import { redisKey } from '@mailstore/db';
import { MESSAGES, withLock, type MessageDoc, type Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';

/**
 * The index the fallback lookup of {@link findDuplicate} reads: a mailbox's messages by
 * Message-ID. It lives on the store's messages collection; this lib declares it because only
 * delivery asks the question.
 */
export const DEDUP_INDEX: IndexDefinition = {
  collection: MESSAGES,
  key: { user: 1, mailbox: 1, messageId: 1 },
  options: { name: 'delivery_message_id' },
};

const PENDING = 'pending';

function messageIdHash(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex').slice(0, 32);
}

/** Where a Message-ID's delivery to one mailbox is recorded (expires with the window). */
function markerKey(store: Store, mailbox: ObjectId, messageId: string): string {
  return redisKey(store.redisPrefix, 'delivered', mailbox.toHexString(), messageIdHash(messageId));
}

/**
 * Stores a copy unless the mailbox already has one with this Message-ID within the window.
 * Deliveries of one Message-ID to one mailbox run one at a time under a Redis lock, so two MTAs
 * (or two instances) handing over the same message at the same moment store it once: the
 * second finds the first's confirmed marker. The lock is renewed while the ingest runs, so only
 * an instance that dies mid-delivery lets it lapse (after LOCK_TTL_MS); the MTA then got no 250
 * and retries, and the retry finds the copy if one was stored.
 */
export async function storeOnce(
  store: Store,
  target: { user: ObjectId; mailbox: ObjectId; messageId: string; windowSeconds: number },
  ingest: () => Promise<number>,
): Promise<{ duplicate: boolean; uid: number }> {
  const { user, mailbox, messageId, windowSeconds } = target;
  const lock = ['delivery', mailbox.toHexString(), messageIdHash(messageId)];
  return withLock(store, lock, async () => {
    const found = await findDuplicate(store, user, mailbox, messageId, windowSeconds);
    if (found !== null) return { duplicate: true, uid: found };
    const uid = await ingest();
    await confirmDelivery(store, mailbox, messageId, uid, windowSeconds);
    return { duplicate: false, uid };
  });
}

/**
 * Decides whether a copy with this Message-ID is already in the mailbox (within the window) and
 * otherwise claims the delivery. The common case is one Redis read and write. When an earlier
 * attempt claimed it but never confirmed (it failed after or before storing), the messages
 * themselves are asked, so a copy stored by an attempt that then answered 451 is recognised when
 * the MTA retries. Returns the stored UID, or null to go ahead. Callers hold the lock of
 * {@link storeOnce}.
 */
export async function findDuplicate(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  messageId: string,
  windowSeconds: number,
): Promise<number | null> {
  const key = markerKey(store, mailbox, messageId);
  const claimed = await store.redis.set(key, PENDING, 'EX', windowSeconds, 'NX');
  if (claimed === 'OK') return null;
  const marker = await store.redis.get(key);
  if (marker !== null && marker !== PENDING) return Number(marker);
  return findStored(store, user, mailbox, messageId, windowSeconds);
}

/** Records the UID a claimed delivery stored, for the rest of the window. */
export async function confirmDelivery(
  store: Store,
  mailbox: ObjectId,
  messageId: string,
  uid: number,
  windowSeconds: number,
): Promise<void> {
  await store.redis.set(markerKey(store, mailbox, messageId), String(uid), 'EX', windowSeconds);
}

async function findStored(
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
