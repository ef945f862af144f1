export {
  addAddress,
  addForward,
  listAddresses,
  MAX_FORWARD_TARGETS,
  removeAddress,
  setCatchAll,
  type AddAddressOptions,
  type AddedAddress,
} from './addresses.js';
export {
  ACCOUNT_COLLECTIONS,
  ACCOUNT_INDEXES,
  type AddressDoc,
  type DomainDoc,
  type UserDoc,
} from './collections.js';
export {
  addDomainAlias,
  listDomainAliases,
  removeDomainAlias,
  resolveDomain,
  setDomainPolicy,
  type ResolvedDomain,
} from './domains.js';
export { ensureAccountIndexes } from './ensure.js';
export { ACCOUNT_ERROR_CODES, AccountError, type AccountErrorCode } from './errors.js';
export { resolveRecipient, type Recipient, type ResolveOptions } from './resolve.js';
export { MAX_USERNAME_CHARS, normalizeUsername } from './username.js';
export {
  createUser,
  deleteUser,
  findUserByUsername,
  getUser,
  listUsers,
  MAX_LIST_USERS,
  MAX_QUOTA_BYTES,
  setDisabled,
  setQuota,
  type NewUser,
} from './users.js';
