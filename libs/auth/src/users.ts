import type { Collection, ObjectId } from 'mongodb';
import type { SealedSecret } from './sealed-secret.js';
import type { AuthStore } from './store.js';

// The accounts helper owns `users` and `addresses`; libs/auth owns the `password` and `auth`
// fields of a user and reads the rest. See the README's "Data" section for the contract.

/** The collection names libs/auth reads or writes. */
export const COLLECTIONS = {
  users: 'users',
  addresses: 'addresses',
  appPasswords: 'auth_app_passwords',
  tokens: 'auth_tokens',
  webauthn: 'auth_webauthn_credentials',
  securityLog: 'auth_security_log',
} as const;

/** A TOTP secret as stored: sealed, or a legacy clear base32 string. */
export type StoredTotpSecret = SealedSecret | string;

/** The per-user state libs/auth keeps in `users.auth`. */
export interface UserAuthState {
  /** Bumped by a password change or "revoke all": tokens of an older generation are void. */
  generation?: number;
  /**
   * A confirmed TOTP secret (RFC 6238): the second factor is on. Sealed with AUTH_SECRETS_KEY;
   * a string is a clear secret from before sealing, sealed at its next successful use.
   */
  totp?: { secret: StoredTotpSecret; enabledAt: Date };
  /** A secret offered for enrolment, waiting for its first code. */
  totpPending?: { secret: StoredTotpSecret; createdAt: Date };
  /** SHA-256 hex digests of the unused recovery codes. */
  recoveryCodes?: string[];
  /** Number of registered WebAuthn credentials; above 0 the second factor is on. */
  webauthnCount?: number;
}

/** The fields of a `users` document that libs/auth reads or owns. */
export interface UserDocument {
  _id: ObjectId;
  username: string;
  disabled?: boolean;
  password?: string;
  auth?: UserAuthState;
}

/** The `users` collection, typed with the fields libs/auth uses. */
export function usersOf(store: AuthStore): Collection<UserDocument> {
  return store.db.collection<UserDocument>(COLLECTIONS.users);
}

/** The token generation of a user (0 before the first bump). */
export function generationOf(user: UserDocument): number {
  return user.auth?.generation ?? 0;
}

/** True when the user has TOTP or a WebAuthn credential. */
export function hasSecondFactor(user: UserDocument): boolean {
  return Boolean(user.auth?.totp) || (user.auth?.webauthnCount ?? 0) > 0;
}

/** Loads a user by id, or null. */
export function findUserById(store: AuthStore, userId: ObjectId): Promise<UserDocument | null> {
  return usersOf(store).findOne({ _id: userId });
}
