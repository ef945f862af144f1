import type { ObjectId } from 'mongodb';
import { usersOf } from '../accounts/collections.js';
import { withLock } from '../messages/index.js';
import type { Store } from '../store.js';
import { MailboxError } from './errors.js';

/** UIDVALIDITY is a 32-bit unsigned number (RFC 3501 section 9, nz-number). */
const MAX_UID_VALIDITY = 0xffff_ffff;

/**
 * Hands out `count` UIDVALIDITY values for a user's new mailboxes. The user's counter only
 * grows and is first raised to the current Unix time, so a value is never handed out twice to
 * a user: a deleted and re-created (or renamed-over) name always gets a new one (RFC 3501
 * section 2.3.1.1).
 */
export async function allocateUidValidities(
  store: Store,
  userId: ObjectId,
  count: number,
): Promise<number[]> {
  // FerretDB v1 loses concurrent updates of one document (12 parallel `$inc` gave 6 distinct
  // values in our test), so the read-modify-write runs under the user's Redis lock; on
  // MongoDB the `$inc` alone would do.
  const first = await withLock(store, ['uidvalidity', userId.toHexString()], async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const users = usersOf(store);
    await users.updateOne({ _id: userId }, { $max: { uidValidityNext: nowSeconds } });
    const before = await users.findOneAndUpdate(
      { _id: userId },
      { $inc: { uidValidityNext: count } },
      // No projection: FerretDB v1 does not implement `fields` on findAndModify.
      { returnDocument: 'before' },
    );
    if (!before) {
      throw new MailboxError('MAILBOX_USER_NOT_FOUND', `no user ${userId.toHexString()}`);
    }
    return before.uidValidityNext ?? nowSeconds;
  });
  if (first + count - 1 > MAX_UID_VALIDITY) {
    throw new Error(`UIDVALIDITY of user ${userId.toHexString()} ran out of 32-bit values`);
  }
  return Array.from({ length: count }, (_, i) => first + i);
}
