import type { ObjectId } from 'mongodb';
import { appendJournalEntries } from '../messages/index.js';
import type { Store } from '../store.js';
import { mailboxesOf, type MailboxDoc } from './collections.js';
import { createMailbox, insertMailbox, newMailbox } from './create.js';
import { MailboxError } from './errors.js';
import { INBOX, inferiorRange, normalizeMailboxPath, superiorPaths } from './path.js';
import { moveSubscriptions } from './subscribe.js';
import { allocateUidValidities } from './uid-validity.js';

/**
 * Renames a mailbox and every mailbox below it (RFC 3501 section 6.3.5), creating missing
 * superiors of the new name. UIDVALIDITY and UIDs go along with each mailbox. Renaming INBOX
 * moves its messages to the new name and leaves an empty INBOX; INBOX's inferiors stay.
 */
export async function renameMailbox(
  store: Store,
  userId: ObjectId,
  from: string,
  to: string,
): Promise<void> {
  const source = normalizeMailboxPath(from);
  const target = normalizeMailboxPath(to);
  if (target === INBOX || target === source) throw exists(target);
  if (target.startsWith(source + '/')) {
    throw new MailboxError('MAILBOX_INTO_ITSELF', `cannot move ${source} below itself`);
  }

  const moving = await subtree(store, userId, source);
  const renames = moving.map((doc) => ({ doc, path: target + doc.path.slice(source.length) }));
  const clash = await mailboxesOf(store).findOne({
    user: userId,
    path: { $in: renames.map((rename) => rename.path) },
  });
  if (clash) throw exists(clash.path);

  await createSuperiors(store, userId, target);
  await applyRenames(store, renames);
  if (source === INBOX) await recreateInbox(store, userId);
  // Subscriptions follow the renamed mailboxes, as Dovecot and Cyrus do: RFC 3501 is silent,
  // and a client that renames a folder expects to keep seeing it. INBOX keeps its own.
  await moveSubscriptions(
    store,
    userId,
    renames.map(({ doc, path }) => ({ from: doc.path, to: path })),
    source === INBOX,
  );

  await appendJournalEntries(
    store,
    renames.map(({ doc, path }) => ({
      user: userId,
      mailbox: doc._id,
      kind: 'mailbox-renamed' as const,
      data: { from: doc.path, to: path },
    })),
  );
  store.logger.info({ user: userId.toHexString(), count: renames.length }, 'mailbox renamed');
}

// RFC 3501 section 6.3.5: "the inferior hierarchical names of INBOX are unaffected".
async function subtree(store: Store, userId: ObjectId, source: string): Promise<MailboxDoc[]> {
  const filter =
    source === INBOX
      ? { user: userId, path: source }
      : { user: userId, $or: [{ path: source }, { path: inferiorRange(source) }] };
  const docs = await mailboxesOf(store).find(filter).sort({ path: 1 }).toArray();
  if (docs[0]?.path !== source) {
    throw new MailboxError('MAILBOX_NOT_FOUND', `mailbox ${source} does not exist`);
  }
  return docs;
}

async function createSuperiors(store: Store, userId: ObjectId, target: string): Promise<void> {
  const superiors = superiorPaths(target);
  const last = superiors[superiors.length - 1];
  if (last === undefined) return;
  await createMailbox(store, userId, last).catch((error: unknown) => {
    if (!(error instanceof MailboxError && error.code === 'MAILBOX_EXISTS')) throw error;
  });
}

// No transactions (FerretDB): one update per mailbox. When a name is taken between the check
// and the update, the renames done so far are undone before the refusal.
async function applyRenames(
  store: Store,
  renames: ReadonlyArray<{ doc: MailboxDoc; path: string }>,
): Promise<void> {
  const done: Array<{ doc: MailboxDoc; path: string }> = [];
  for (const rename of renames) {
    try {
      await mailboxesOf(store).updateOne({ _id: rename.doc._id }, { $set: { path: rename.path } });
      done.push(rename);
    } catch (error) {
      for (const undo of done) {
        await mailboxesOf(store).updateOne(
          { _id: undo.doc._id },
          { $set: { path: undo.doc.path } },
        );
      }
      if ((error as { code?: unknown }).code === 11000) throw exists(rename.path);
      throw error;
    }
  }
}

// The old INBOX document, with its messages, UIDVALIDITY and UIDs, now carries the new name;
// a fresh INBOX gets a new UIDVALIDITY, so no client mistakes one for the other.
async function recreateInbox(store: Store, userId: ObjectId): Promise<void> {
  const [uidValidity] = await allocateUidValidities(store, userId, 1);
  const inbox = newMailbox(userId, INBOX, uidValidity as number, { specialUse: null });
  if (!(await insertMailbox(store, inbox))) return;
  await appendJournalEntries(store, [
    { user: userId, mailbox: inbox._id, kind: 'mailbox-created', data: { path: INBOX } },
  ]);
}

function exists(path: string): MailboxError {
  return new MailboxError('MAILBOX_EXISTS', `mailbox ${path} already exists`);
}
