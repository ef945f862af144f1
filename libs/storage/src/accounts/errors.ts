/** Stable codes of the accounts module's errors (listed in the lib README). */
export const ACCOUNT_ERROR_CODES = [
  'ACCOUNT_USERNAME_INVALID',
  'ACCOUNT_USERNAME_TAKEN',
  'ACCOUNT_USER_NOT_FOUND',
  'ACCOUNT_ADDRESS_TAKEN',
  'ACCOUNT_ADDRESS_NOT_FOUND',
  'ACCOUNT_ADDRESS_LABEL',
  'ACCOUNT_ADDRESS_WILDCARD',
  'ACCOUNT_FORWARD_INVALID',
  'ACCOUNT_DOMAIN_IS_ALIAS',
  'ACCOUNT_ALIAS_INVALID',
  'ACCOUNT_ALIAS_NOT_FOUND',
  'ACCOUNT_POLICY_CONFLICT',
  'ACCOUNT_QUOTA_INVALID',
] as const;

/** The stable code of an {@link AccountError}. */
export type AccountErrorCode = (typeof ACCOUNT_ERROR_CODES)[number];

/**
 * A refused account operation. `message` is one line fit for an operator; `code` is stable.
 * Malformed addresses are refused earlier with `AddressError` from @mailstore/address.
 */
export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}
