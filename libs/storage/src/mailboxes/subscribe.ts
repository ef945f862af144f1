import type { ObjectId } from 'mongodb';
import { isDuplicateKey } from '../accounts/collections.js';
import type { Store } from '../store.js';
import { subscriptionsOf, type SubscriptionDoc } from './collections.js';
import { MailboxError } from './errors.js';
import { normalizeMailboxPath } from './path.js';

/** @internal The `_id` of a user's subscription of a (normalized) name. */
export function subscriptionId(userId: ObjectId, path: string): string {
  return `${userId.toHexString()}:${path}`;
}

// Every `_id` of a user lies in [`<hex>:`, `<hex>;`): ';' follows ':' and the hex is fixed-width.
function userRange(userId: ObjectId) {
  const hex = userId.toHexString();
  return { $gte: `${hex}:`, $lt: `${hex};` };
}

/**
 * Adds a name to the user's subscriptions (RFC 3501 section 6.3.6, RFC 9051 section 6.3.7).
 * The name need not exist as a mailbox: the list is of names, and a subscription stays when its
 * mailbox is deleted. Subscribing a subscribed name again changes nothing.
 */
export async function subscribe(store: Store, userId: ObjectId, path: string): Promise<void> {
  await addSubscriptions(store, userId, [normalizeMailboxPath(path)]);
}

/**
 * Removes a name from the user's subscriptions (RFC 3501 section 6.3.7); MAILBOX_NOT_SUBSCRIBED
 * when it is not subscribed. Whether the mailbox exists does not matter.
 */
export async function unsubscribe(store: Store, userId: ObjectId, path: string): Promise<void> {
  const name = normalizeMailboxPath(path);
  const result = await subscriptionsOf(store).deleteOne({ _id: subscriptionId(userId, name) });
  if (result.deletedCount === 0) {
    throw new MailboxError('MAILBOX_NOT_SUBSCRIBED', `${name} is not subscribed`);
  }
}

/** The user's subscribed names, sorted, whether or not their mailboxes exist. */
export async function listSubscriptions(store: Store, userId: ObjectId): Promise<string[]> {
  const docs = await subscriptionsOf(store)
    .find({ _id: userRange(userId) }, { projection: { path: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return docs.map((doc) => doc.path);
}

/** @internal Subscribes normalized names; one already subscribed is left as it is. */
export async function addSubscriptions(
  store: Store,
  userId: ObjectId,
  paths: readonly string[],
): Promise<void> {
  for (const path of paths) {
    const doc: SubscriptionDoc = {
      _id: subscriptionId(userId, path),
      user: userId,
      path,
      createdAt: new Date(),
    };
    // Insert only, never update: no read-modify-write that FerretDB v1 could lose.
    await subscriptionsOf(store)
      .insertOne(doc)
      .catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
  }
}

/**
 * @internal Moves the subscriptions of renamed mailboxes to their new names (RENAME). Names that
 * were not subscribed stay unsubscribed; with `keepSource` (INBOX, which is recreated) the old
 * name keeps its subscription too.
 */
export async function moveSubscriptions(
  store: Store,
  userId: ObjectId,
  renames: ReadonlyArray<{ from: string; to: string }>,
  keepSource = false,
): Promise<void> {
  // Exact `_id` reads and deletes, one per name: FerretDB v1 pushes down only `_id` equality.
  const subscribed = await Promise.all(
    renames.map((rename) =>
      subscriptionsOf(store).findOne(
        { _id: subscriptionId(userId, rename.from) },
        { projection: { _id: 1 } },
      ),
    ),
  );
  const moving = renames.filter((_, i) => subscribed[i]);
  await addSubscriptions(
    store,
    userId,
    moving.map((rename) => rename.to),
  );
  if (keepSource) return;
  for (const rename of moving) {
    await subscriptionsOf(store).deleteOne({ _id: subscriptionId(userId, rename.from) });
  }
}

/** @internal Removes every subscription of a user (deleteUser). */
export async function deleteAllSubscriptions(store: Store, userId: ObjectId): Promise<void> {
  await subscriptionsOf(store).deleteMany({ _id: userRange(userId) });
}
