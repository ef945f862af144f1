/** The stable codes of {@link AuthError}; the README lists each with its meaning. */
export const AUTH_ERROR_CODES = {
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_RATE_LIMITED: 429,
  AUTH_ACCOUNT_DISABLED: 403,
  AUTH_SECOND_FACTOR_INVALID: 401,
  AUTH_PENDING_LOGIN_UNKNOWN: 401,
  AUTH_TOKEN_INVALID: 401,
  AUTH_FULL_LOGIN_REQUIRED: 403,
  AUTH_TOTP_NOT_ENROLLED: 409,
  AUTH_TOTP_ALREADY_ENABLED: 409,
  AUTH_TOTP_UNAVAILABLE: 503,
  AUTH_WEBAUTHN_CHALLENGE_UNKNOWN: 400,
  AUTH_WEBAUTHN_VERIFICATION_FAILED: 400,
  AUTH_NOT_FOUND: 404,
  AUTH_PASSWORD_REJECTED: 400,
  AUTH_BAD_NETWORK: 400,
  AUTH_SERVICE_TOKEN_INVALID: 401,
  AUTH_PROFILE_SIGNING_FAILED: 500,
  AUTH_BAD_REQUEST: 400,
  AUTH_INTERNAL: 500,
} as const;

/** One of the stable error codes. */
export type AuthErrorCode = keyof typeof AUTH_ERROR_CODES;

/** An expected, client-safe failure: a stable code, an HTTP status and a short message. */
export class AuthError extends Error {
  readonly status: number;

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AuthError';
    this.status = AUTH_ERROR_CODES[code];
  }
}
