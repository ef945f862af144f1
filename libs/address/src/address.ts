import { normalizeDomain } from './domain.js';
import { AddressError } from './errors.js';
import { formatLocalPart, parseLocalPart } from './local-part.js';

/** RFC 5321 section 4.5.3.1.3: a path is 256 octets, two of them the angle brackets. */
export const MAX_ADDRESS_OCTETS = 254;

/** The separator of a subaddress label: `user+label@domain` is delivered to `user@domain`. */
export const LABEL_SEPARATOR = '+';

/** How a domain compares its local parts. */
export interface DomainPolicy {
  /** Dots in the local part do not count: `u.ser@` is `user@`. */
  ignoreDots: boolean;
}

/** The policy of a domain that has none of its own. */
export const DEFAULT_DOMAIN_POLICY: DomainPolicy = { ignoreDots: true };

/** An address in every form the store needs. */
export interface NormalizedAddress {
  /**
   * The canonical lookup key: lowercased NFC local part without its +label (and without dots
   * when the policy ignores them), `@`, and the canonical domain.
   */
  lookup: string;
  /** What the user typed, in NFC, with the domain in its Unicode form. */
  display: string;
  /** The local part as typed (NFC), label included. */
  local: string;
  /** The canonical domain: lowercase Unicode form (UTS #46). */
  domain: string;
  /** The domain as A-labels (punycode). */
  asciiDomain: string;
  /** The part after `+`, if any. */
  label?: string;
}

// RFC 5322 `ctl`s have no place in an address, not even quoted (RFC 5321 qtextSMTP).
const CONTROL = /\p{Cc}/u;

/**
 * Parses, validates and normalizes an address (quoted local parts, UTF-8 local parts, IDN
 * domains). Surrounding whitespace is ignored. Throws {@link AddressError} naming the part.
 */
export function normalizeAddress(
  input: string,
  policy: DomainPolicy = DEFAULT_DOMAIN_POLICY,
): NormalizedAddress {
  const text = input.trim().normalize('NFC');
  if (text.length === 0) throw new AddressError('address', 'ADDRESS_EMPTY');
  if (CONTROL.test(text)) throw new AddressError('address', 'ADDRESS_CONTROL');

  const at = findSeparator(text);
  const local = parseLocalPart(text.slice(0, at));
  const { domain, asciiDomain } = normalizeDomain(text.slice(at + 1));
  const octets = Buffer.byteLength(local.typed, 'utf8') + 1 + asciiDomain.length;
  if (octets > MAX_ADDRESS_OCTETS) throw new AddressError('address', 'ADDRESS_TOO_LONG');

  const { key, label } = lookupLocalPart(local.value, policy);
  return {
    lookup: `${key}@${domain}`,
    display: `${local.typed}@${domain}`,
    local: local.typed,
    domain,
    asciiDomain,
    ...(label ? { label } : {}),
  };
}

// The `@` that ends the local part: after a closing quote when quoted, else the last one (an
// earlier unquoted `@` is then refused by the local part rules).
function findSeparator(text: string): number {
  let at = text.lastIndexOf('@');
  if (text.startsWith('"')) {
    const close = closingQuote(text);
    if (close > 0 && text[close + 1] === '@') at = close + 1;
  }
  if (at <= 0) {
    throw new AddressError(
      at === 0 ? 'local' : 'address',
      at === 0 ? 'LOCAL_EMPTY' : 'ADDRESS_NO_AT',
    );
  }
  return at;
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

// Lookups are case-insensitive; the label starts at the first `+` that is not the first
// character, so `+a@` keeps its local part and the key never gains or loses a label on re-parse.
function lookupLocalPart(value: string, policy: DomainPolicy): { key: string; label?: string } {
  const plus = value.indexOf(LABEL_SEPARATOR, 1);
  let base = plus > 0 ? value.slice(0, plus) : value;
  const label = plus > 0 ? value.slice(plus + 1) : undefined;

  // Dots go before case does: lowercasing depends on context (a final sigma) and dots would
  // otherwise change that context.
  if (policy.ignoreDots) {
    const undotted = base.replaceAll('.', '');
    if (undotted.length > 0) base = undotted;
  }
  return { key: formatLocalPart(foldCase(base)), ...(label ? { label } : {}) };
}

// Upper then lower case gives one form for every case variant, including those toLowerCase
// alone keeps apart (σ and ς, ß and SS); NFC again because case mapping may decompose.
function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase().normalize('NFC');
}
