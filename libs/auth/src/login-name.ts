import { AddressError, normalizeAddress } from '@mailstore/address';
import type { ObjectId } from 'mongodb';
import type { AuthStore } from './store.js';
import { COLLECTIONS, usersOf, type UserDocument } from './users.js';

/** Longest login name accepted, in characters (RFC 5321 section 4.5.3.1.3: 256 for a path). */
export const MAX_LOGIN_CHARS = 320;

/**
 * The canonical form of what a person typed as their login, used as the rate-limit key of
 * logins that name no account: an address in its lookup form, anything else lowercased.
 */
export function loginKey(login: string): string {
  return addressLookups(login)[0] ?? login.trim().toLowerCase();
}

/**
 * The lookup forms an address may be stored under: with the default policy (dots ignored) and
 * with dots kept, since the domain's own policy is not known here. Empty for a non-address.
 */
function addressLookups(login: string): string[] {
  if (!login.includes('@')) return [];
  try {
    const relaxed = normalizeAddress(login).lookup;
    const strict = normalizeAddress(login, { ignoreDots: false }).lookup;
    return relaxed === strict ? [relaxed] : [relaxed, strict];
  } catch (error) {
    if (error instanceof AddressError) return [];
    throw error;
  }
}

/** Finds the user a login names, by any of their addresses or by username. */
export async function findUserByLogin(
  store: AuthStore,
  login: string,
): Promise<UserDocument | null> {
  if (login.length === 0 || login.length > MAX_LOGIN_CHARS) return null;
  const lookups = addressLookups(login);
  if (lookups.length > 0) {
    const address = await store.db
      .collection<{ lookup: string; user: ObjectId | null }>(COLLECTIONS.addresses)
      .findOne({ lookup: { $in: lookups }, user: { $ne: null } });
    if (address?.user) return usersOf(store).findOne({ _id: address.user });
  }
  return usersOf(store).findOne({ username: login.trim().toLowerCase() });
}
