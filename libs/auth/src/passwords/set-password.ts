import type { ObjectId } from 'mongodb';
import { AuthError } from '../errors.js';
import { publishRevocation } from '../revocation.js';
import { recordSecurityEvent } from '../security-log.js';
import type { AuthStore } from '../store.js';
import { usersOf } from '../users.js';
import { hashPassword, MAX_PASSWORD_BYTES } from './argon2.js';

/**
 * Stores a new account password (argon2id), voids every token issued before (the user's
 * generation counter goes up) and tells the apps to close the user's open sessions.
 * Throws AUTH_PASSWORD_REJECTED for an empty or oversized password, AUTH_NOT_FOUND for no user.
 */
export async function setPassword(
  store: AuthStore,
  userId: ObjectId,
  password: string,
): Promise<void> {
  if (password.length === 0 || Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw new AuthError(
      'AUTH_PASSWORD_REJECTED',
      `password must have 1-${MAX_PASSWORD_BYTES} bytes`,
    );
  }
  const hashed = await hashPassword(password);
  const result = await usersOf(store).updateOne(
    { _id: userId },
    { $set: { password: hashed }, $inc: { 'auth.generation': 1 } },
  );
  if (result.matchedCount === 0) throw new AuthError('AUTH_NOT_FOUND', 'no such user');
  await publishRevocation(store, userId);
  await recordSecurityEvent(store, { user: userId, event: 'password-changed', outcome: 'success' });
}
