import { normalizeAddress, type NormalizedAddress } from '@mailstore/address';
import type { Store } from '../store.js';
import { resolveDomain } from './domains.js';

/** An address with the lookup key it has in this store. */
export interface AddressKey {
  normalized: NormalizedAddress;
  /** Lookup key under the domain's policy, on the real domain (aliases followed). */
  lookup: string;
  /** The canonical local part of the key. */
  localKey: string;
  /** The real canonical domain. */
  domain: string;
  /** The alias domain the address was written with, if any. */
  alias?: string;
}

/**
 * Computes the store's lookup key of an address: its domain's dot policy applies and a domain
 * alias is replaced by its target. Throws `AddressError` for a malformed address.
 */
export async function addressKey(store: Store, address: string): Promise<AddressKey> {
  const first = normalizeAddress(address);
  const resolved = await resolveDomain(store, first.domain);
  const normalized = normalizeAddress(address, resolved.policy);
  const localKey = normalized.lookup.slice(0, -(normalized.domain.length + 1));
  return {
    normalized,
    lookup: `${localKey}@${resolved.domain}`,
    localKey,
    domain: resolved.domain,
    ...(resolved.alias === undefined ? {} : { alias: resolved.alias }),
  };
}
