import { ObjectId } from 'mongodb';
import { isDuplicateKey } from '../accounts/collections.js';
import { appendJournalEntries } from '../messages/index.js';
import type { Store } from '../store.js';
import { mailboxesOf, SPECIAL_USES, type MailboxDoc, type SpecialUse } from './collections.js';
import { MailboxError } from './errors.js';
import { INBOX, normalizeMailboxPath, superiorPaths } from './path.js';
import { addSubscriptions } from './subscribe.js';
import { allocateUidValidities } from './uid-validity.js';

/** The mailboxes every new user gets: INBOX and the RFC 6154 special-use set. */
export const DEFAULT_MAILBOXES: ReadonlyArray<{ path: string; specialUse: SpecialUse | null }> = [
  { path: INBOX, specialUse: null },
  { path: 'Drafts', specialUse: '\\Drafts' },
  { path: 'Sent', specialUse: '\\Sent' },
  { path: 'Archive', specialUse: '\\Archive' },
  { path: 'Junk', specialUse: '\\Junk' },
  { path: 'Trash', specialUse: '\\Trash' },
];

/** Options of {@link createMailbox}. */
export interface CreateMailboxOptions {
  specialUse?: SpecialUse | null;
  /**
   * Defaults to true: a mailbox one creates is one wants to see. False adds no subscription but
   * keeps one the name already has (subscriptions outlive their mailboxes).
   */
  subscribed?: boolean;
}

/**
 * Creates a mailbox, and its missing superiors as RFC 3501 section 6.3.3 asks ("the server
 * SHOULD create any superior hierarchical names that are needed"). Refused with MAILBOX_EXISTS
 * when the name exists; journals one `mailbox-created` per mailbox made.
 */
export async function createMailbox(
  store: Store,
  userId: ObjectId,
  path: string,
  opts: CreateMailboxOptions = {},
): Promise<MailboxDoc> {
  const target = normalizeMailboxPath(path);
  const specialUse = opts.specialUse ?? null;
  if (specialUse !== null && !SPECIAL_USES.includes(specialUse)) {
    // RFC 6154 section 3: USEATTR answers a special-use attribute the server does not support.
    throw new MailboxError('MAILBOX_SPECIAL_USE', `unknown special-use attribute ${specialUse}`);
  }
  const wanted = [...superiorPaths(target), target];
  const existing = await mailboxesOf(store)
    .find({ user: userId, path: { $in: wanted } }, { projection: { path: 1 } })
    .toArray();
  const present = new Set(existing.map((doc) => doc.path));
  if (present.has(target)) throw exists(target);

  const missing = wanted.filter((candidate) => !present.has(candidate));
  const validities = await allocateUidValidities(store, userId, missing.length);
  const created: MailboxDoc[] = [];
  for (const [i, candidate] of missing.entries()) {
    const isTarget = candidate === target;
    const doc = newMailbox(userId, candidate, validities[i] as number, {
      specialUse: isTarget ? specialUse : null,
    });
    if (await insertMailbox(store, doc)) created.push(doc);
    // A superior made meanwhile by someone else is fine; the target itself is not.
    else if (isTarget) throw exists(target);
  }

  const subscribing = created.filter((doc) => doc.path !== target || opts.subscribed !== false);
  await addSubscriptions(
    store,
    userId,
    subscribing.map((doc) => doc.path),
  );
  await journalCreated(store, created);
  return created[created.length - 1] as MailboxDoc;
}

/** Creates the default mailboxes a user lacks (see {@link DEFAULT_MAILBOXES}). */
export async function createDefaultMailboxes(
  store: Store,
  userId: ObjectId,
): Promise<MailboxDoc[]> {
  const existing = await mailboxesOf(store)
    .find({ user: userId, path: { $in: DEFAULT_MAILBOXES.map((box) => box.path) } })
    .toArray();
  const present = new Set(existing.map((doc) => doc.path));
  const missing = DEFAULT_MAILBOXES.filter((box) => !present.has(box.path));
  if (missing.length === 0) return [];

  const validities = await allocateUidValidities(store, userId, missing.length);
  const created: MailboxDoc[] = [];
  for (const [i, box] of missing.entries()) {
    const doc = newMailbox(userId, box.path, validities[i] as number, {
      specialUse: box.specialUse,
    });
    if (await insertMailbox(store, doc)) created.push(doc);
  }
  await addSubscriptions(
    store,
    userId,
    created.map((doc) => doc.path),
  );
  await journalCreated(store, created);
  return created;
}

/** @internal A fresh mailbox document: UIDNEXT and HIGHESTMODSEQ start at 1. */
export function newMailbox(
  userId: ObjectId,
  path: string,
  uidValidity: number,
  opts: { specialUse: SpecialUse | null },
): MailboxDoc {
  return {
    _id: new ObjectId(),
    user: userId,
    path,
    specialUse: opts.specialUse,
    uidValidity,
    uidNext: 1,
    highestModseq: 1,
    createdAt: new Date(),
  };
}

/** @internal Inserts a mailbox; false when the {user, path} index says the name is taken. */
export async function insertMailbox(store: Store, doc: MailboxDoc): Promise<boolean> {
  try {
    await mailboxesOf(store).insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

async function journalCreated(store: Store, docs: readonly MailboxDoc[]): Promise<void> {
  await appendJournalEntries(
    store,
    docs.map((doc) => ({
      user: doc.user,
      mailbox: doc._id,
      kind: 'mailbox-created' as const,
      data: { path: doc.path },
    })),
  );
}

function exists(path: string): MailboxError {
  return new MailboxError('MAILBOX_EXISTS', `mailbox ${path} already exists`);
}
