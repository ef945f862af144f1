import { normalizeAddress } from '@mailstore/address';
import { ObjectId } from 'mongodb';
import {
  createDefaultMailboxes,
  deleteAllMailboxes,
  deleteAllSubscriptions,
} from '../mailboxes/index.js';
import { deleteUserMessages } from '../messages/index.js';
import type { Store } from '../store.js';
import { addAddress } from './addresses.js';
import { addressesOf, isDuplicateKey, usersOf, type UserDoc } from './collections.js';
import { AccountError } from './errors.js';
import { normalizeUsername } from './username.js';

/** Largest quota accepted, in bytes: integers beyond it lose precision as JavaScript numbers. */
export const MAX_QUOTA_BYTES = Number.MAX_SAFE_INTEGER;
/** Most users one {@link listUsers} call returns: a page, not the whole collection. */
export const MAX_LIST_USERS = 1000;

/** What {@link createUser} needs. */
export interface NewUser {
  username: string;
  name?: string;
  /** Bytes the user may store; 0 or absent means unlimited. */
  quotaBytes?: number;
  addresses?: readonly string[];
}

// The fields libs/auth owns never leave this module.
const PUBLIC_FIELDS = { projection: { password: 0, auth: 0 } };

/**
 * Creates a user with its addresses and default mailboxes. Every address is validated before
 * anything is written; when a later step fails the user is removed again, so a refused create
 * leaves nothing behind.
 */
export async function createUser(store: Store, input: NewUser): Promise<{ userId: ObjectId }> {
  const username = normalizeUsername(input.username);
  const limit = checkQuota(input.quotaBytes ?? 0);
  for (const address of input.addresses ?? []) normalizeAddress(address);

  const doc: UserDoc = {
    _id: new ObjectId(),
    username,
    ...(input.name === undefined ? {} : { name: input.name }),
    disabled: false,
    quota: { limit, used: 0 },
    settings: {},
    createdAt: new Date(),
  };
  try {
    await usersOf(store).insertOne(doc);
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new AccountError('ACCOUNT_USERNAME_TAKEN', `username ${username} is taken`);
    }
    throw error;
  }

  try {
    for (const address of input.addresses ?? []) {
      await addAddress(store, doc._id, address, { requireUser: false });
    }
    await createDefaultMailboxes(store, doc._id);
  } catch (error) {
    await purgeUser(store, doc._id);
    throw error;
  }
  store.logger.info({ user: doc._id.toHexString(), username }, 'user created');
  return { userId: doc._id };
}

/** Deletes a user: addresses first (no new mail), then mailboxes, messages and the user. */
export async function deleteUser(store: Store, userId: ObjectId): Promise<void> {
  if (!(await usersOf(store).findOne({ _id: userId }))) throw notFound(userId);
  await purgeUser(store, userId);
  store.logger.info({ user: userId.toHexString() }, 'user deleted');
}

/** Loads a user (without the auth-owned fields), or null. */
export async function getUser(store: Store, userId: ObjectId): Promise<UserDoc | null> {
  return usersOf(store).findOne({ _id: userId }, PUBLIC_FIELDS);
}

/** Finds a user by username, compared in its stored form; null when there is none. */
export async function findUserByUsername(store: Store, username: string): Promise<UserDoc | null> {
  let canonical: string;
  try {
    canonical = normalizeUsername(username);
  } catch {
    return null;
  }
  return usersOf(store).findOne({ username: canonical }, PUBLIC_FIELDS);
}

/** Lists users by username, `limit` at a time, starting after the username `after`. */
export async function listUsers(
  store: Store,
  opts: { limit?: number; after?: string } = {},
): Promise<UserDoc[]> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), MAX_LIST_USERS);
  const filter = opts.after === undefined ? {} : { username: { $gt: opts.after } };
  return usersOf(store).find(filter, PUBLIC_FIELDS).sort({ username: 1 }).limit(limit).toArray();
}

/** Sets the bytes a user may store (0 = unlimited); what is already stored stays. */
export async function setQuota(store: Store, userId: ObjectId, limitBytes: number): Promise<void> {
  const limit = checkQuota(limitBytes);
  const result = await usersOf(store).updateOne(
    { _id: userId },
    { $set: { 'quota.limit': limit } },
  );
  if (result.matchedCount === 0) throw notFound(userId);
  store.logger.info({ user: userId.toHexString(), limit }, 'quota set');
}

/** Disables or enables a user; a disabled user keeps its data. */
export async function setDisabled(
  store: Store,
  userId: ObjectId,
  disabled: boolean,
): Promise<void> {
  const result = await usersOf(store).updateOne({ _id: userId }, { $set: { disabled } });
  if (result.matchedCount === 0) throw notFound(userId);
  store.logger.info({ user: userId.toHexString(), disabled }, 'user disabled flag set');
}

async function purgeUser(store: Store, userId: ObjectId): Promise<void> {
  await addressesOf(store).deleteMany({ user: userId });
  // Mailboxes go before messages, so that an ingest racing the delete finds no mailbox.
  await deleteAllMailboxes(store, userId);
  await deleteUserMessages(store, userId);
  await deleteAllSubscriptions(store, userId);
  await usersOf(store).deleteOne({ _id: userId });
}

function checkQuota(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_QUOTA_BYTES) {
    throw new AccountError(
      'ACCOUNT_QUOTA_INVALID',
      `a quota is a whole number of bytes from 0 (unlimited) to ${MAX_QUOTA_BYTES}`,
    );
  }
  return bytes;
}

function notFound(userId: ObjectId): AccountError {
  return new AccountError('ACCOUNT_USER_NOT_FOUND', `no user ${userId.toHexString()}`);
}
