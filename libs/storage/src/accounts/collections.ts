import type { IndexDefinition } from '@mailstore/db';
import type { ObjectId } from 'mongodb';
import type { Store } from '../store.js';

/** The collections the accounts module owns. */
export const ACCOUNT_COLLECTIONS = {
  users: 'users',
  addresses: 'addresses',
  domains: 'domains',
} as const;

/**
 * A user as stored in `users`. libs/auth owns the `password` and `auth` fields of the same
 * document; the messages module keeps `quota.used` exact; the mailboxes module owns
 * `uidValidityNext`. Everything else is written here.
 */
export interface UserDoc {
  _id: ObjectId;
  /** Lowercase NFC, unique. */
  username: string;
  name?: string;
  disabled: boolean;
  quota: {
    /** Bytes the user may store; 0 means unlimited. */
    limit: number;
    /** Bytes stored now. */
    used: number;
  };
  settings: Record<string, unknown>;
  createdAt: Date;
  /** The next UIDVALIDITY to hand out to one of the user's mailboxes (see mailboxes). */
  uidValidityNext?: number;
}

/** An address as stored in `addresses`: owned by a user, or forward-only (`user: null`). */
export interface AddressDoc {
  _id: ObjectId;
  /** The canonical lookup key (see @mailstore/address); `*@domain` for a catch-all. Unique. */
  lookup: string;
  /** The address as typed, NFC, domain in Unicode form. */
  display: string;
  /** The canonical domain. */
  domain: string;
  user: ObjectId | null;
  /** Where a forward-only address sends its mail. */
  forwardTo?: string[];
  createdAt: Date;
}

/** A domain's settings, as stored in `domains`; a domain without a document has the defaults. */
export interface DomainDoc {
  /** The canonical domain (lowercase Unicode form). */
  _id: string;
  /** Dots in local parts do not count for lookups. */
  ignoreDots: boolean;
  /** Set on an alias: `x@this` is `x@aliasOf`. The target is never an alias itself. */
  aliasOf?: string;
}

/** Indexes the accounts collections need; apps create them at start with ensureIndexes. */
export const ACCOUNT_INDEXES: IndexDefinition[] = [
  {
    collection: ACCOUNT_COLLECTIONS.users,
    key: { username: 1 },
    options: { name: 'username', unique: true },
  },
  {
    // The arbiter of address ownership: two concurrent creates of one lookup key cannot both
    // succeed, whichever process runs them.
    collection: ACCOUNT_COLLECTIONS.addresses,
    key: { lookup: 1 },
    options: { name: 'lookup', unique: true },
  },
  {
    collection: ACCOUNT_COLLECTIONS.addresses,
    key: { user: 1 },
    options: { name: 'user' },
  },
  {
    collection: ACCOUNT_COLLECTIONS.addresses,
    key: { domain: 1 },
    options: { name: 'domain' },
  },
  {
    collection: ACCOUNT_COLLECTIONS.domains,
    key: { aliasOf: 1 },
    options: { name: 'aliasOf' },
  },
];

/** The `users` collection, typed. */
export function usersOf(store: Store) {
  return store.db.collection<UserDoc>(ACCOUNT_COLLECTIONS.users);
}

/** The `addresses` collection, typed. */
export function addressesOf(store: Store) {
  return store.db.collection<AddressDoc>(ACCOUNT_COLLECTIONS.addresses);
}

/** The `domains` collection, typed. */
export function domainsOf(store: Store) {
  return store.db.collection<DomainDoc>(ACCOUNT_COLLECTIONS.domains);
}

/** True when `error` is MongoDB's duplicate-key error (E11000), which FerretDB returns too. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}
