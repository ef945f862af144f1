import type { ObjectId } from 'mongodb';
import type { Store } from '../store.js';
import { idRange, MESSAGES, USERS, type MessageDoc } from './collections.js';
import { QuotaExceededError, UserNotFoundError } from './errors.js';
import { withLock } from './lock.js';

/** Attempts of the read-then-conditional-increment loop before giving up on a contended quota. */
const QUOTA_RETRIES = 20;

interface QuotaDoc {
  _id: ObjectId;
  quota?: { limit?: number; used?: number };
}

/**
 * Charges `bytes` to the user's quota, or throws {@link QuotaExceededError}. The increment is
 * conditional on the limit read and on the room left, in one atomic update, so concurrent ingests
 * can never take `used` past `limit` (a limit of 0 means unlimited).
 */
export async function reserveQuota(store: Store, user: ObjectId, bytes: number): Promise<void> {
  await withLock(store, ['quota', user.toHexString()], () => reserve(store, user, bytes));
}

async function reserve(store: Store, user: ObjectId, bytes: number): Promise<void> {
  const users = store.db.collection<QuotaDoc>(USERS);
  // Most users have no limit: one conditional update settles them.
  const unlimited = await users.updateOne(
    { _id: user, $or: [{ 'quota.limit': 0 }, { 'quota.limit': { $exists: false } }] },
    { $inc: { 'quota.used': bytes } },
  );
  if (unlimited.modifiedCount === 1) return;
  for (let attempt = 0; attempt < QUOTA_RETRIES; attempt++) {
    const doc = await users.findOne({ _id: user }, { projection: { quota: 1 } });
    if (!doc) throw new UserNotFoundError(user);
    const limit = doc.quota?.limit ?? 0;
    const used = doc.quota?.used ?? 0;
    if (limit > 0 && used + bytes > limit) {
      throw new QuotaExceededError(user, limit, used, bytes);
    }
    const filter =
      limit > 0
        ? { _id: user, 'quota.limit': limit, 'quota.used': { $lte: limit - bytes } }
        : { _id: user, $or: [{ 'quota.limit': 0 }, { 'quota.limit': { $exists: false } }] };
    const result = await users.updateOne(filter, { $inc: { 'quota.used': bytes } });
    if (result.modifiedCount === 1) return;
    // The limit changed or another ingest took the room: read again and decide again.
  }
  const doc = await users.findOne({ _id: user }, { projection: { quota: 1 } });
  throw new QuotaExceededError(user, doc?.quota?.limit ?? 0, doc?.quota?.used ?? 0, bytes);
}

/** Gives `bytes` back to the user's quota (after an expunge, a delete or a failed ingest). */
export async function releaseQuota(store: Store, user: ObjectId, bytes: number): Promise<void> {
  if (bytes === 0) return;
  await withLock(store, ['quota', user.toHexString()], () =>
    store.db
      .collection<QuotaDoc>(USERS)
      .updateOne({ _id: user }, { $inc: { 'quota.used': -bytes } }),
  );
}

/**
 * Recomputes `quota.used` from the user's messages: the repair for a process that died between
 * charging the quota and writing the message. Run it while the user receives no mail.
 */
export async function recalculateQuota(store: Store, user: ObjectId): Promise<number> {
  const docs = await store.db
    .collection<MessageDoc>(MESSAGES)
    .find({ _id: idRange(user), hole: { $exists: false } }, { projection: { size: 1 } })
    .toArray();
  const used = docs.reduce((sum, doc) => sum + doc.size, 0);
  await store.db
    .collection<QuotaDoc>(USERS)
    .updateOne({ _id: user }, { $set: { 'quota.used': used } });
  return used;
}
