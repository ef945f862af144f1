import type { ObjectId } from 'mongodb';
import { AuthError } from './errors.js';
import {
  isSealedSecret,
  openSecret,
  sealSecret,
  SealedSecretError,
  secretsKeyId,
} from './sealed-secret.js';
import { settingsOf, type AuthStore } from './store.js';
import { usersOf, type StoredTotpSecret } from './users.js';

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

/** The configured key, current or retired, whose id is `kid`. */
function keyById(store: AuthStore, kid: string): Buffer | undefined {
  const { secretsKey, previousSecretsKeys = [] } = settingsOf(store);
  return [secretsKey, ...previousSecretsKeys].find((key) => key && secretsKeyId(key) === kid);
}

/**
 * The base32 secret of a stored value, or undefined when it cannot be opened (no key with its
 * id, another user, altered bytes). Undefined fails the factor: it never falls back to clear.
 * A secret sealed with a retired key (AUTH_SECRETS_PREVIOUS_KEYS) opens with that key.
 */
export function openTotpSecret(
  store: AuthStore,
  userId: ObjectId,
  stored: StoredTotpSecret,
): string | undefined {
  if (!isSealedSecret(stored)) return stored;
  const user = userId.toHexString();
  const key = keyById(store, stored.kid);
  if (!key) {
    store.logger.error({ user, kid: stored.kid }, 'TOTP secret sealed with a key not configured');
    return undefined;
  }
  try {
    return openSecret(key, contextOf(userId), stored);
  } catch (error) {
    if (!(error instanceof SealedSecretError)) throw error;
    store.logger.error({ user, kid: stored.kid, err: error.message }, 'TOTP secret unreadable');
    return undefined;
  }
}

/**
 * True when a stored secret should be sealed again with the current key: a legacy clear one, or
 * one a retired key sealed.
 */
export function needsSealing(store: AuthStore, stored: StoredTotpSecret): boolean {
  const key = settingsOf(store).secretsKey;
  if (!key) return false;
  return !isSealedSecret(stored) || stored.kid !== secretsKeyId(key);
}

/** Where a user document keeps a TOTP secret: the confirmed one, or an enrolment's. */
export type TotpSecretField = 'totp' | 'totpPending';

/**
 * Replaces a stored secret by its sealing under the current key. Conditional on the stored
 * value (a sealed one is told apart by its nonce), so a concurrent disable or re-enrolment wins;
 * a lost race leaves the old value for the next use. Resolves to true when it replaced it.
 */
export async function resealTotpSecret(
  store: AuthStore,
  userId: ObjectId,
  field: TotpSecretField,
  stored: StoredTotpSecret,
  secret: string,
): Promise<boolean> {
  const sealed = sealTotpSecret(store, userId, secret);
  const path = `auth.${field}.secret`;
  const current = isSealedSecret(stored) ? { [`${path}.iv`]: stored.iv } : { [path]: stored };
  const result = await usersOf(store).updateOne(
    { _id: userId, ...current },
    { $set: { [path]: sealed } },
  );
  if (result.modifiedCount === 0) return false;
  const from = isSealedSecret(stored) ? stored.kid : 'clear';
  store.logger.info({ user: userId.toHexString(), from, kid: sealed.kid }, 'TOTP secret sealed');
  return true;
}

/** What {@link resealTotpSecrets} did. */
export interface ResealResult {
  /** Secrets looked at (confirmed and pending). */
  checked: number;
  /** Secrets sealed again with the current key. */
  resealed: number;
  /** Secrets no configured key opens: they fail until the user enrols again. */
  unreadable: number;
}

/**
 * Seals again with the current key every TOTP secret that is clear or sealed with a retired
 * key, so that the retired keys can then be dropped from AUTH_SECRETS_PREVIOUS_KEYS. Throws
 * AUTH_TOTP_UNAVAILABLE without a current key.
 */
export async function resealTotpSecrets(store: AuthStore): Promise<ResealResult> {
  requireSecretsKey(store);
  const result: ResealResult = { checked: 0, resealed: 0, unreadable: 0 };
  for (const field of ['totp', 'totpPending'] as const) {
    const path = `auth.${field}.secret`;
    const cursor = usersOf(store).find(
      { [path]: { $exists: true } },
      { projection: { [path]: 1 } },
    );
    for await (const user of cursor) {
      const stored = user.auth?.[field]?.secret;
      if (stored === undefined) continue;
      result.checked++;
      if (!needsSealing(store, stored)) continue;
      const secret = openTotpSecret(store, user._id, stored);
      if (secret === undefined) result.unreadable++;
      else if (await resealTotpSecret(store, user._id, field, stored, secret)) result.resealed++;
    }
  }
  return result;
}
