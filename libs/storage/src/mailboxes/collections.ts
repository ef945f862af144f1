import type { IndexDefinition } from '@mailstore/db';
import type { ObjectId } from 'mongodb';
import type { Store } from '../store.js';

/** The collection of mailboxes. */
export const MAILBOX_COLLECTION = 'mailboxes';

/** The special-use attributes of RFC 6154 that the store knows. */
export const SPECIAL_USES = ['\\Sent', '\\Drafts', '\\Junk', '\\Trash', '\\Archive'] as const;

/** One of {@link SPECIAL_USES}. */
export type SpecialUse = (typeof SPECIAL_USES)[number];

/**
 * A mailbox as stored. The messages module owns every write to `uidNext` and `highestModseq`
 * (and its own commit watermarks) after creation; this module writes the rest.
 */
export interface MailboxDoc {
  _id: ObjectId;
  user: ObjectId;
  /** The full name, segments joined by {@link MAILBOX_DELIMITER}; `INBOX` in capitals. */
  path: string;
  specialUse: SpecialUse | null;
  /** RFC 3501 section 2.3.1.1: never handed out twice to one user, so never reused by a name. */
  uidValidity: number;
  /** The UID the next message will get; starts at 1. */
  uidNext: number;
  /** RFC 7162 HIGHESTMODSEQ; starts at 1. */
  highestModseq: number;
  createdAt: Date;
}

/** The collection of subscribed names, apart from the mailboxes (RFC 3501 section 6.3.6). */
export const SUBSCRIPTION_COLLECTION = 'subscriptions';

/**
 * One subscribed name of one user. `_id` is `<user hex>:<name>`, so every read and write is an
 * exact `_id` or the user's `_id` range, and the user leads as the shard key.
 */
export interface SubscriptionDoc {
  _id: string;
  user: ObjectId;
  /** The normalized name; no mailbox of that name needs to exist. */
  path: string;
  createdAt: Date;
}

/** Indexes of the mailboxes collection; apps create them at start with ensureIndexes. */
export const MAILBOX_INDEXES: IndexDefinition[] = [
  {
    // One name per user, and the range scans of a subtree (rename, delete) use it too.
    collection: MAILBOX_COLLECTION,
    key: { user: 1, path: 1 },
    options: { name: 'user_path', unique: true },
  },
];

/** The mailboxes collection, typed. */
export function mailboxesOf(store: Store) {
  return store.db.collection<MailboxDoc>(MAILBOX_COLLECTION);
}

/** The subscriptions collection, typed. */
export function subscriptionsOf(store: Store) {
  return store.db.collection<SubscriptionDoc>(SUBSCRIPTION_COLLECTION);
}
