import type { ObjectId } from 'mongodb';
import type { Store } from '../store.js';
import { mailboxesOf } from './collections.js';
import { MailboxError } from './errors.js';
import { normalizeMailboxPath } from './path.js';

/** Adds a mailbox to the user's subscriptions (RFC 3501 section 6.3.6). */
export async function subscribe(store: Store, userId: ObjectId, path: string): Promise<void> {
  await setSubscribed(store, userId, path, true);
}

/** Removes a mailbox from the user's subscriptions (RFC 3501 section 6.3.7). */
export async function unsubscribe(store: Store, userId: ObjectId, path: string): Promise<void> {
  await setSubscribed(store, userId, path, false);
}

// Subscriptions live on the mailbox document, so only existing mailboxes can be subscribed
// (RFC 3501 section 6.3.6 lets a server refuse a name that does not exist).
// TODO(#3): RFC 3501 section 6.3.6 also says a server MUST NOT remove a name from the
// subscriptions when its mailbox is deleted; that needs a subscriptions collection of names.
async function setSubscribed(store: Store, userId: ObjectId, path: string, subscribed: boolean) {
  const name = normalizeMailboxPath(path);
  const result = await mailboxesOf(store).updateOne(
    { user: userId, path: name },
    { $set: { subscribed } },
  );
  if (result.matchedCount === 0) {
    throw new MailboxError('MAILBOX_NOT_FOUND', `mailbox ${name} does not exist`);
  }
}
