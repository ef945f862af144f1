export {
  DEFAULT_DOMAIN_POLICY,
  LABEL_SEPARATOR,
  MAX_ADDRESS_OCTETS,
  normalizeAddress,
  type DomainPolicy,
  type NormalizedAddress,
} from './address.js';
export {
  catchAllLookup,
  MAX_DOMAIN_LABEL_OCTETS,
  MAX_DOMAIN_OCTETS,
  normalizeDomain,
  type NormalizedDomain,
} from './domain.js';
export {
  ADDRESS_ERROR_REASONS,
  AddressError,
  type AddressErrorCode,
  type AddressPart,
} from './errors.js';
export { isDotAtom, MAX_LOCAL_PART_OCTETS } from './local-part.js';
