import type { ObjectId } from 'mongodb';
import type { AuthStore } from './store.js';
import { COLLECTIONS, usersOf, type UserDocument } from './users.js';

/** Longest login name accepted, in characters (RFC 5321 section 4.5.3.1.3: 256 for a path). */
export const MAX_LOGIN_CHARS = 320;

/**
 * The canonical form of what a person typed as their login: a username is lowercased; an
 * address is reduced to its lookup form so that any of a user's addresses finds the account.
 */
export function loginKey(login: string): string {
  // TODO(#6): use normalizeAddress(login).lookup from @mailstore/address once it lands, so that
  // IDN domains and sub-addressing resolve as deliveries do.
  return login.trim().toLowerCase();
}

/** Finds the user a login names, by username or by any of their addresses. */
export async function findUserByLogin(
  store: AuthStore,
  login: string,
): Promise<UserDocument | null> {
  if (login.length === 0 || login.length > MAX_LOGIN_CHARS) return null;
  const key = loginKey(login);
  if (!key.includes('@')) return usersOf(store).findOne({ username: key });
  const address = await store.db
    .collection<{ lookup: string; user: ObjectId | null }>(COLLECTIONS.addresses)
    .findOne({ lookup: key });
  if (!address?.user) return null;
  return usersOf(store).findOne({ _id: address.user });
}
