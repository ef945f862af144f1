import {
  getMailboxByPath,
  INBOX,
  listMailboxes,
  type MailboxDoc,
  type Store,
} from '@mailstore/storage';
import type { ObjectId } from 'mongodb';

/**
 * The mailbox a copy goes to: the one a filter named, else Junk for spam, else INBOX. A filter
 * naming a mailbox that does not exist (renamed or deleted since) falls back to INBOX, so a
 * stale filter never bounces mail.
 */
export async function targetMailbox(
  store: Store,
  user: ObjectId,
  filterMailbox: string | undefined,
  spam: boolean,
): Promise<MailboxDoc | null> {
  if (filterMailbox !== undefined) {
    const named = await getMailboxByPath(store, user, filterMailbox);
    if (named) return named;
    store.logger.warn({ user: user.toHexString(), mailbox: filterMailbox }, 'filter mailbox gone');
  } else if (spam) {
    const junk = (await listMailboxes(store, user)).find((box) => box.specialUse === '\\Junk');
    if (junk) return junk;
  }
  return getMailboxByPath(store, user, INBOX);
}
