/** Rate-limit windows; every lockout is a Redis key that expires by itself. */
export interface RateLimitSettings {
  /** Failed logins allowed for one login name from one remote address within the window. */
  userAddressFailures: number;
  /** Failed logins allowed from one remote address, across all login names, within the window. */
  addressFailures: number;
  /** Length of the counting window, in seconds. */
  windowSeconds: number;
  /** How long a limit, once reached, refuses every attempt, in seconds. */
  lockoutSeconds: number;
}

/** WebAuthn relying-party identity (W3C WebAuthn Level 2, section 5.4.2). */
export interface WebAuthnSettings {
  rpId: string;
  rpName: string;
  /** Origins the browser reports in clientDataJSON, e.g. `https://mail.example.com`. */
  origins: string[];
}

/** Everything libs/auth reads from configuration; the apps map their config onto it. */
export interface AuthSettings {
  /** Issuer shown by authenticator apps and the name in profiles. */
  serverName: string;
  rateLimit: RateLimitSettings;
  webauthn: WebAuthnSettings;
  /** Lifetime of an API token, in seconds. */
  tokenTtlSeconds: number;
  /** Lifetime of the half-done login that waits for a second factor, in seconds. */
  pendingLoginTtlSeconds: number;
  /** Security log entries older than this many days are deleted by the prune job. */
  logRetentionDays: number;
  /**
   * The 32-byte AES-256-GCM key that seals TOTP secrets (AUTH_SECRETS_KEY). Without it TOTP
   * enrolment is refused; clear secrets stored before it still verify.
   */
  secretsKey?: Buffer;
  /**
   * Retired keys (AUTH_SECRETS_PREVIOUS_KEYS): a secret one of them sealed still opens, and is
   * re-sealed with `secretsKey` at its next use or by `resealTotpSecrets`.
   */
  previousSecretsKeys?: readonly Buffer[];
}

/** The defaults, also what the protocol apps get when they pass a bare store. */
export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  serverName: 'localhost',
  rateLimit: {
    userAddressFailures: 10,
    addressFailures: 100,
    windowSeconds: 900,
    lockoutSeconds: 900,
  },
  webauthn: { rpId: 'localhost', rpName: 'mailstore', origins: ['http://localhost'] },
  tokenTtlSeconds: 24 * 3600,
  pendingLoginTtlSeconds: 300,
  logRetentionDays: 90,
};
