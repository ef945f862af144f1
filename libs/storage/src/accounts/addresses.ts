import { catchAllLookup, normalizeAddress } from '@mailstore/address';
import { ObjectId } from 'mongodb';
import type { Store } from '../store.js';
import { addressKey, type AddressKey } from './address-key.js';
import { addressesOf, isDuplicateKey, usersOf, type AddressDoc } from './collections.js';
import { resolveDomain } from './domains.js';
import { AccountError } from './errors.js';

/** Most targets one forward-only address may have: each delivery fans out to all of them. */
export const MAX_FORWARD_TARGETS = 20;

/** Options of {@link addAddress}. */
export interface AddAddressOptions {
  /** Check that the user exists first (default true; createUser has just made it). */
  requireUser?: boolean;
}

/** What {@link addAddress} and {@link addForward} stored. */
export interface AddedAddress {
  addressId: ObjectId;
  lookup: string;
  display: string;
}

/**
 * Gives a user one more address. Refused when any account owns the same lookup key (the unique
 * index decides, so concurrent adds cannot both win), when the address has a +label or is on an
 * alias domain.
 */
export async function addAddress(
  store: Store,
  userId: ObjectId,
  address: string,
  opts: AddAddressOptions = {},
): Promise<AddedAddress> {
  const key = await ownableKey(store, address);
  if (opts.requireUser !== false && !(await usersOf(store).findOne({ _id: userId }))) {
    throw new AccountError('ACCOUNT_USER_NOT_FOUND', `no user ${userId.toHexString()}`);
  }
  const added = await insertAddress(store, key, { user: userId });
  store.logger.info({ user: userId.toHexString(), address: key.lookup }, 'address added');
  return added;
}

/**
 * Removes an address (a catch-all too, written `*@domain`). With `userId`, only that user's
 * address is removed.
 */
export async function removeAddress(
  store: Store,
  address: string,
  userId?: ObjectId,
): Promise<void> {
  const { lookup } = await addressKey(store, address);
  const filter = userId ? { lookup, user: userId } : { lookup };
  const result = await addressesOf(store).deleteOne(filter);
  if (result.deletedCount === 0) {
    throw new AccountError('ACCOUNT_ADDRESS_NOT_FOUND', `no address ${lookup}`);
  }
  store.logger.info({ address: lookup }, 'address removed');
}

/**
 * Creates a forward-only address (no mailbox; `user: null`) or replaces the targets of an
 * existing one. Each target is validated; an address may not forward to itself.
 */
export async function addForward(
  store: Store,
  address: string,
  targets: readonly string[],
): Promise<AddedAddress> {
  const key = await ownableKey(store, address);
  const forwardTo = checkTargets(key, targets);

  const existing = await addressesOf(store).findOneAndUpdate(
    { lookup: key.lookup, user: null },
    { $set: { forwardTo } },
    { returnDocument: 'after' },
  );
  const added = existing
    ? { addressId: existing._id, lookup: existing.lookup, display: existing.display }
    : await insertAddress(store, key, { user: null, forwardTo });
  store.logger.info({ address: key.lookup, targets: forwardTo.length }, 'forward set');
  return added;
}

/**
 * Points the catch-all of a domain (`*@domain`: every address without an exact match) at a
 * user, or removes it when `userId` is null.
 */
export async function setCatchAll(
  store: Store,
  domain: string,
  userId: ObjectId | null,
): Promise<void> {
  const resolved = await resolveDomain(store, domain);
  if (resolved.alias !== undefined) throw isAlias(resolved.alias, resolved.domain);
  const lookup = catchAllLookup(resolved.domain);
  if (userId === null) {
    await addressesOf(store).deleteOne({ lookup });
    store.logger.info({ address: lookup }, 'catch-all removed');
    return;
  }
  if (!(await usersOf(store).findOne({ _id: userId }))) {
    throw new AccountError('ACCOUNT_USER_NOT_FOUND', `no user ${userId.toHexString()}`);
  }
  const update = {
    $set: { user: userId, display: lookup, domain: resolved.domain },
    $unset: { forwardTo: '' as const },
    $setOnInsert: { createdAt: new Date() },
  };
  try {
    await addressesOf(store).updateOne({ lookup }, update, { upsert: true });
  } catch (error) {
    // Two upserts raced to insert; the loser's update now finds the winner's document.
    if (!isDuplicateKey(error)) throw error;
    await addressesOf(store).updateOne({ lookup }, update);
  }
  store.logger.info({ address: lookup, user: userId.toHexString() }, 'catch-all set');
}

/** Lists a user's addresses (catch-alls included), sorted by lookup key. */
export async function listAddresses(store: Store, userId: ObjectId): Promise<AddressDoc[]> {
  return addressesOf(store).find({ user: userId }).sort({ lookup: 1 }).toArray();
}

async function ownableKey(store: Store, address: string): Promise<AddressKey> {
  const key = await addressKey(store, address);
  if (key.alias !== undefined) throw isAlias(key.alias, key.domain);
  if (key.normalized.label !== undefined) {
    throw new AccountError(
      'ACCOUNT_ADDRESS_LABEL',
      `${key.normalized.display} has a +label: mail to it already reaches ${key.lookup}`,
    );
  }
  if (key.localKey === '*') {
    throw new AccountError('ACCOUNT_ADDRESS_WILDCARD', 'use setCatchAll for *@domain');
  }
  return key;
}

async function insertAddress(
  store: Store,
  key: AddressKey,
  owner: Pick<AddressDoc, 'user' | 'forwardTo'>,
): Promise<AddedAddress> {
  const doc: AddressDoc = {
    _id: new ObjectId(),
    lookup: key.lookup,
    display: key.normalized.display,
    domain: key.domain,
    ...owner,
    createdAt: new Date(),
  };
  try {
    await addressesOf(store).insertOne(doc);
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new AccountError('ACCOUNT_ADDRESS_TAKEN', `${key.lookup} is already in use`);
    }
    throw error;
  }
  return { addressId: doc._id, lookup: doc.lookup, display: doc.display };
}

function checkTargets(key: AddressKey, targets: readonly string[]): string[] {
  if (targets.length === 0 || targets.length > MAX_FORWARD_TARGETS) {
    throw new AccountError(
      'ACCOUNT_FORWARD_INVALID',
      `a forward needs 1 to ${MAX_FORWARD_TARGETS} targets`,
    );
  }
  const displays = targets.map((target) => normalizeAddress(target));
  // Only the literal self-reference is caught here; longer loops are the MTA's (Received count).
  if (displays.some((target) => target.lookup === key.normalized.lookup)) {
    throw new AccountError('ACCOUNT_FORWARD_INVALID', `${key.lookup} cannot forward to itself`);
  }
  return [...new Set(displays.map((target) => target.display))];
}

function isAlias(alias: string, domain: string): AccountError {
  return new AccountError(
    'ACCOUNT_DOMAIN_IS_ALIAS',
    `${alias} is an alias of ${domain}: use an address on ${domain}`,
  );
}
