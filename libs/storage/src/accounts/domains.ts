import { DEFAULT_DOMAIN_POLICY, normalizeAddress, normalizeDomain } from '@mailstore/address';
import type { DomainPolicy } from '@mailstore/address';
import type { Store } from '../store.js';
import { addressesOf, domainsOf, isDuplicateKey, type DomainDoc } from './collections.js';
import { AccountError } from './errors.js';

/** A domain as lookups see it: the real domain and its policy. */
export interface ResolvedDomain {
  /** The canonical real domain (the alias target when `alias` is set). */
  domain: string;
  policy: DomainPolicy;
  /** The alias domain that was asked for, when it is one. */
  alias?: string;
}

/** Follows a domain alias (one step: aliases never chain) and loads the domain's policy. */
export async function resolveDomain(store: Store, input: string): Promise<ResolvedDomain> {
  const { domain } = normalizeDomain(input);
  const doc = await domainsOf(store).findOne({ _id: domain });
  if (!doc?.aliasOf) return { domain, policy: policyOf(doc) };
  const target = await domainsOf(store).findOne({ _id: doc.aliasOf });
  return { domain: doc.aliasOf, policy: policyOf(target), alias: domain };
}

/**
 * Makes `alias` a domain alias of `domain`: `x@alias` then resolves as `x@domain`. Refused when
 * the target is an alias itself, when the alias is a target, or when the alias has addresses.
 */
export async function addDomainAlias(store: Store, alias: string, domain: string): Promise<void> {
  const from = normalizeDomain(alias).domain;
  const to = normalizeDomain(domain).domain;
  if (from === to) throw new AccountError('ACCOUNT_ALIAS_INVALID', `${from} cannot alias itself`);

  const target = await domainsOf(store).findOne({ _id: to });
  if (target?.aliasOf) {
    throw new AccountError(
      'ACCOUNT_ALIAS_INVALID',
      `${to} is itself an alias of ${target.aliasOf}`,
    );
  }
  if (await domainsOf(store).findOne({ aliasOf: from })) {
    throw new AccountError('ACCOUNT_ALIAS_INVALID', `other domains are aliases of ${from}`);
  }
  if (await addressesOf(store).findOne({ domain: from })) {
    throw new AccountError('ACCOUNT_ALIAS_INVALID', `${from} has addresses of its own`);
  }

  await domainsOf(store).updateOne(
    { _id: from },
    { $set: { aliasOf: to }, $setOnInsert: { ignoreDots: DEFAULT_DOMAIN_POLICY.ignoreDots } },
    { upsert: true },
  );
  store.logger.info({ alias: from, domain: to }, 'domain alias added');
}

/** Ends a domain alias; its addresses no longer resolve. */
export async function removeDomainAlias(store: Store, alias: string): Promise<void> {
  const from = normalizeDomain(alias).domain;
  const result = await domainsOf(store).deleteOne({ _id: from, aliasOf: { $exists: true } });
  if (result.deletedCount === 0) {
    throw new AccountError('ACCOUNT_ALIAS_NOT_FOUND', `${from} is not a domain alias`);
  }
  store.logger.info({ alias: from }, 'domain alias removed');
}

/** Lists the domain aliases, each with its target. */
export async function listDomainAliases(store: Store): Promise<DomainDoc[]> {
  return domainsOf(store)
    .find({ aliasOf: { $exists: true } })
    .sort({ _id: 1 })
    .toArray();
}

/**
 * Sets how a domain compares local parts and re-keys its addresses to match. Refused, changing
 * nothing, when two addresses of the domain would get the same lookup key.
 */
export async function setDomainPolicy(
  store: Store,
  domain: string,
  policy: DomainPolicy,
): Promise<void> {
  const canonical = normalizeDomain(domain).domain;
  const doc = await domainsOf(store).findOne({ _id: canonical });
  if (doc?.aliasOf) {
    throw new AccountError('ACCOUNT_DOMAIN_IS_ALIAS', `${canonical} is an alias of ${doc.aliasOf}`);
  }
  const changes = await plannedLookups(store, canonical, policy);

  await domainsOf(store).updateOne(
    { _id: canonical },
    { $set: { ignoreDots: policy.ignoreDots } },
    { upsert: true },
  );
  for (const [id, lookup] of changes) {
    try {
      await addressesOf(store).updateOne({ _id: id }, { $set: { lookup } });
    } catch (error) {
      // An address added meanwhile under the new policy took the key first.
      if (isDuplicateKey(error)) throw conflict(lookup);
      throw error;
    }
  }
  store.logger.info({ domain: canonical, ...policy, rekeyed: changes.size }, 'domain policy set');
}

/** The lookup keys that change under `policy`, refusing a policy that makes two collide. */
async function plannedLookups(store: Store, domain: string, policy: DomainPolicy) {
  const docs = await addressesOf(store)
    .find({ domain, lookup: { $ne: `*@${domain}` } })
    .toArray();
  const owners = new Map<string, string>();
  const changes = new Map<(typeof docs)[number]['_id'], string>();
  for (const doc of docs) {
    const lookup = normalizeAddress(doc.display, policy).lookup;
    const other = owners.get(lookup);
    if (other !== undefined) throw conflict(lookup, other, doc.display);
    owners.set(lookup, doc.display);
    if (lookup !== doc.lookup) changes.set(doc._id, lookup);
  }
  return changes;
}

function conflict(lookup: string, ...displays: string[]): AccountError {
  const which = displays.length > 0 ? ` (${displays.join(' and ')})` : '';
  return new AccountError(
    'ACCOUNT_POLICY_CONFLICT',
    `two addresses would share the lookup ${lookup}${which}`,
  );
}

function policyOf(doc: DomainDoc | null): DomainPolicy {
  return { ignoreDots: doc?.ignoreDots ?? DEFAULT_DOMAIN_POLICY.ignoreDots };
}
