import { catchAllLookup } from '@mailstore/address';
import type { ObjectId } from 'mongodb';
import type { Store } from '../store.js';
import { addressKey } from './address-key.js';
import { addressesOf, type AddressDoc } from './collections.js';

/** Where mail for an address goes: a user's mailboxes, or on to other addresses. */
export type Recipient =
  | { kind: 'user'; userId: ObjectId; address: string; label?: string }
  | { kind: 'forward'; targets: string[]; address: string; label?: string };

/** Options of {@link resolveRecipient}. */
export interface ResolveOptions {
  /**
   * Fall back to the domain's catch-all (default true). Login by address must pass false:
   * otherwise any made-up address of the domain would name the catch-all's owner.
   */
  catchAll?: boolean;
}

/**
 * Resolves a recipient address as LMTP delivery and login by address need it: the +label is
 * dropped (and returned), dots count as the domain's policy says, a domain alias is followed,
 * and an exact address wins over the domain's catch-all. Null when nothing matches. Throws
 * `AddressError` for a malformed address. A disabled user still resolves: callers decide.
 */
export async function resolveRecipient(
  store: Store,
  address: string,
  opts: ResolveOptions = {},
): Promise<Recipient | null> {
  const key = await addressKey(store, address);
  const catchAll = catchAllLookup(key.domain);
  const candidates = opts.catchAll === false ? [key.lookup] : [key.lookup, catchAll];
  // One round trip for both candidates; the exact match is preferred below.
  const docs = await addressesOf(store)
    .find({ lookup: { $in: candidates } })
    .toArray();
  const exact = docs.find((doc) => doc.lookup === key.lookup);
  const match = exact ?? docs.find((doc) => doc.lookup === catchAll);
  if (!match) return null;

  const delivered = exact ? exact.display : key.normalized.display;
  return toRecipient(match, delivered, key.normalized.label);
}

function toRecipient(doc: AddressDoc, address: string, label?: string): Recipient | null {
  const withLabel = label === undefined ? {} : { label };
  if (doc.user) return { kind: 'user', userId: doc.user, address, ...withLabel };
  if (doc.forwardTo && doc.forwardTo.length > 0) {
    return { kind: 'forward', targets: [...doc.forwardTo], address, ...withLabel };
  }
  return null;
}
