import type { ObjectId } from 'mongodb';
import { appendJournal, deleteMailboxMessages } from '../messages/index.js';
import type { Store } from '../store.js';
import { mailboxesOf } from './collections.js';
import { MailboxError } from './errors.js';
import { INBOX, inferiorRange, normalizeMailboxPath } from './path.js';

/**
 * Deletes a mailbox and its messages (RFC 3501 section 6.3.4). INBOX cannot be deleted. A
 * mailbox with inferiors is refused: RFC 3501 would keep it as a \Noselect name, which this
 * store does not model, so the client deletes the inferiors first (as Dovecot asks too).
 */
export async function deleteMailbox(store: Store, userId: ObjectId, path: string): Promise<void> {
  const name = normalizeMailboxPath(path);
  if (name === INBOX) throw new MailboxError('MAILBOX_INBOX', 'INBOX cannot be deleted');
  const doc = await mailboxesOf(store).findOne({ user: userId, path: name });
  if (!doc) throw new MailboxError('MAILBOX_NOT_FOUND', `mailbox ${name} does not exist`);
  if (await mailboxesOf(store).findOne({ user: userId, path: inferiorRange(name) })) {
    throw new MailboxError('MAILBOX_HAS_CHILDREN', `mailbox ${name} has inferior mailboxes`);
  }

  // The document goes first: an ingest that starts now finds no mailbox and adds nothing.
  await mailboxesOf(store).deleteOne({ _id: doc._id, user: userId });
  const removed = await deleteMailboxMessages(store, userId, doc._id);
  await appendJournal(store, {
    user: userId,
    mailbox: doc._id,
    kind: 'mailbox-deleted',
    data: { path: name },
  });
  store.logger.info(
    { user: userId.toHexString(), mailbox: doc._id.toHexString(), messages: removed.messages },
    'mailbox deleted',
  );
}

/** @internal Removes every mailbox document of a user (deleteUser removes the messages). */
export async function deleteAllMailboxes(store: Store, userId: ObjectId): Promise<void> {
  await mailboxesOf(store).deleteMany({ user: userId });
}
