import { domainToASCII, domainToUnicode } from 'node:url';
import { AddressError } from './errors.js';

/** RFC 1035 section 2.3.4: a label is at most 63 octets. */
export const MAX_DOMAIN_LABEL_OCTETS = 63;
/** RFC 1035 allows 255 octets on the wire, which is 253 characters written with dots. */
export const MAX_DOMAIN_OCTETS = 253;

/** A domain in both of its forms. */
export interface NormalizedDomain {
  /** The canonical form: lowercase Unicode after UTS #46 mapping (U-labels). */
  domain: string;
  /** The same domain with every non-ASCII label as an A-label (`xn--...`). */
  asciiDomain: string;
}

// Letters, digits and hyphens only (RFC 5321 section 4.1.2 `sub-domain`, RFC 5890 A-labels).
const LDH_LABEL = /^[a-z0-9-]+$/;
const ALL_DIGITS = /^[0-9]+$/;
const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/;

/**
 * Validates a domain and returns its canonical Unicode form and its ASCII form, so that the
 * punycode and the Unicode spelling of one domain compare equal. Throws {@link AddressError}.
 */
export function normalizeDomain(input: string): NormalizedDomain {
  if (input.length === 0) throw new AddressError('domain', 'DOMAIN_EMPTY');
  if (input.startsWith('[')) throw new AddressError('domain', 'DOMAIN_LITERAL');
  // UTS #46 treats the ideographic full stops as dots, so empty labels are checked on them too.
  if (input.split(LABEL_SEPARATORS).some((label) => label.length === 0)) {
    throw new AddressError('domain', 'DOMAIN_LABEL_EMPTY');
  }

  // node:url applies UTS #46 processing (mapping, NFC, punycode); it answers '' on failure.
  const asciiDomain = domainToASCII(input);
  if (asciiDomain === '') throw new AddressError('domain', 'DOMAIN_IDNA');
  checkAsciiLabels(asciiDomain);

  const domain = domainToUnicode(asciiDomain);
  if (domain === '') throw new AddressError('domain', 'DOMAIN_IDNA');
  return { domain, asciiDomain };
}

/** The lookup key under which the catch-all of `domain` is stored: `*@` and the domain. */
export function catchAllLookup(domain: string): string {
  return `*@${normalizeDomain(domain).domain}`;
}

// The WHATWG host parser behind domainToASCII is more lenient than mail: it keeps `_` and `*`
// and turns `0x7f.1` into an IPv4 address. Mail domains are host names (RFC 5321 4.1.2).
function checkAsciiLabels(asciiDomain: string): void {
  if (asciiDomain.length > MAX_DOMAIN_OCTETS) throw new AddressError('domain', 'DOMAIN_TOO_LONG');
  const labels = asciiDomain.split('.');
  for (const label of labels) {
    if (label.length === 0) throw new AddressError('domain', 'DOMAIN_LABEL_EMPTY');
    if (label.length > MAX_DOMAIN_LABEL_OCTETS) {
      throw new AddressError('domain', 'DOMAIN_LABEL_TOO_LONG');
    }
    if (!LDH_LABEL.test(label)) throw new AddressError('domain', 'DOMAIN_CHARACTER');
    if (label.startsWith('-') || label.endsWith('-')) {
      throw new AddressError('domain', 'DOMAIN_HYPHEN');
    }
  }
  if (ALL_DIGITS.test(labels[labels.length - 1] ?? '')) {
    throw new AddressError('domain', 'DOMAIN_NUMERIC');
  }
}
