/** Which part of an address an {@link AddressError} is about. */
export type AddressPart = 'address' | 'local' | 'domain';

/**
 * The stable codes of every refusal, one per rule. The README lists them; callers may switch on
 * them, and tests name them instead of matching message text.
 */
export const ADDRESS_ERROR_REASONS = {
  ADDRESS_EMPTY: 'the address is empty',
  ADDRESS_NO_AT: 'there is no "@" between a local part and a domain',
  ADDRESS_TOO_LONG: 'the address is longer than 254 octets (RFC 5321 section 4.5.3.1.3)',
  ADDRESS_CONTROL: 'the address contains a control character',
  LOCAL_EMPTY: 'the local part is empty',
  LOCAL_TOO_LONG: 'the local part is longer than 64 octets (RFC 5321 section 4.5.3.1.1)',
  LOCAL_DOT: 'the local part starts or ends with a dot, or has two dots in a row',
  LOCAL_CHARACTER: 'the local part contains a character that is allowed only inside quotes',
  LOCAL_QUOTE: 'the quoted local part is not closed, or has text after the closing quote',
  LOCAL_ESCAPE: 'the quoted local part ends with a lone backslash',
  LOCAL_UNICODE: 'the local part is not well-formed Unicode',
  DOMAIN_EMPTY: 'the domain is empty',
  DOMAIN_LITERAL: 'address literals such as [192.0.2.1] are not accepted',
  DOMAIN_LABEL_EMPTY: 'the domain starts or ends with a dot, or has two dots in a row',
  DOMAIN_LABEL_TOO_LONG: 'a domain label is longer than 63 octets (RFC 1035 section 2.3.4)',
  DOMAIN_TOO_LONG: 'the domain is longer than 253 octets in its ASCII form',
  DOMAIN_IDNA: 'the domain is not a valid internationalized domain name (UTS #46)',
  DOMAIN_CHARACTER: 'a domain label has a character other than letters, digits and hyphens',
  DOMAIN_HYPHEN: 'a domain label starts or ends with a hyphen',
  DOMAIN_NUMERIC: 'the top-level label is all digits, which makes the domain an IP address',
} as const;

/** The stable code of an address refusal. */
export type AddressErrorCode = keyof typeof ADDRESS_ERROR_REASONS;

/** An address was refused: `part` says which part is wrong and `reason` says why. */
export class AddressError extends Error {
  /** Which part is wrong. */
  readonly part: AddressPart;
  /** Why, in one sentence fit to show the person who typed the address. */
  readonly reason: string;
  /** The stable code of the rule that refused it. */
  readonly code: AddressErrorCode;

  constructor(part: AddressPart, code: AddressErrorCode) {
    const reason = ADDRESS_ERROR_REASONS[code];
    super(`invalid ${part === 'address' ? 'address' : `${part} part`}: ${reason}`);
    this.name = 'AddressError';
    this.part = part;
    this.reason = reason;
    this.code = code;
  }
}
