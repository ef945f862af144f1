import type { ObjectId } from 'mongodb';
import type { Store } from '../store.js';
import { mailboxesOf, type MailboxDoc } from './collections.js';
import { normalizeMailboxPath } from './path.js';

/** Lists a user's mailboxes sorted by name. */
export async function listMailboxes(store: Store, userId: ObjectId): Promise<MailboxDoc[]> {
  return mailboxesOf(store).find({ user: userId }).sort({ path: 1 }).toArray();
}

/** Finds a user's mailbox by name (INBOX in any case); null when there is none. */
export async function getMailboxByPath(
  store: Store,
  userId: ObjectId,
  path: string,
): Promise<MailboxDoc | null> {
  return mailboxesOf(store).findOne({ user: userId, path: normalizeMailboxPath(path) });
}

/** Loads a mailbox by id, only when it belongs to the user; null otherwise. */
export async function getMailbox(
  store: Store,
  userId: ObjectId,
  mailboxId: ObjectId,
): Promise<MailboxDoc | null> {
  return mailboxesOf(store).findOne({ _id: mailboxId, user: userId });
}
