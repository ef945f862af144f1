import type { ObjectId } from 'mongodb';
import { AuthError } from './errors.js';
import { isSealedSecret, openSecret, sealSecret, SealedSecretError } from './sealed-secret.js';
import { settingsOf, type AuthStore } from './store.js';
import type { StoredTotpSecret } from './users.js';

// TOTP secrets at rest: sealed with AUTH_SECRETS_KEY, bound to their user by the authenticated
// context, so an envelope copied into another user's document does not open.

/** The authenticated context of a user's TOTP secret. */
function contextOf(userId: ObjectId): string {
  return `totp:${userId.toHexString()}`;
}

/** The configured key, or AUTH_TOTP_UNAVAILABLE: no new secret is ever stored in clear. */
export function requireSecretsKey(store: AuthStore): Buffer {
  const key = settingsOf(store).secretsKey;
  if (!key) {
    throw new AuthError(
      'AUTH_TOTP_UNAVAILABLE',
      'TOTP is not available: the server has no AUTH_SECRETS_KEY',
    );
  }
  return key;
}

/** Seals a base32 secret for `userId`; throws AUTH_TOTP_UNAVAILABLE without a key. */
export function sealTotpSecret(store: AuthStore, userId: ObjectId, secret: string) {
  return sealSecret(requireSecretsKey(store), contextOf(userId), secret);
}

/**
 * The base32 secret of a stored value, or undefined when it cannot be opened (no key, another
 * key, another user, altered bytes). Undefined fails the factor: it never falls back to clear.
 */
export function openTotpSecret(
  store: AuthStore,
  userId: ObjectId,
  stored: StoredTotpSecret,
): string | undefined {
  if (!isSealedSecret(stored)) return stored;
  const key = settingsOf(store).secretsKey;
  const user = userId.toHexString();
  if (!key) {
    store.logger.error({ user }, 'TOTP secret is sealed but AUTH_SECRETS_KEY is not set');
    return undefined;
  }
  // TODO(#6): a key ring (old keys by kid) so AUTH_SECRETS_KEY can be rotated.
  try {
    return openSecret(key, contextOf(userId), stored);
  } catch (error) {
    if (!(error instanceof SealedSecretError)) throw error;
    store.logger.error({ user, kid: stored.kid, err: error.message }, 'TOTP secret unreadable');
    return undefined;
  }
}

/** True when a stored secret is a legacy clear one that a configured key could seal now. */
export function needsSealing(store: AuthStore, stored: StoredTotpSecret): stored is string {
  return typeof stored === 'string' && settingsOf(store).secretsKey !== undefined;
}
