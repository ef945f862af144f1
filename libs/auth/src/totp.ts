import { redisKey } from '@mailstore/db';
import type { ObjectId } from 'mongodb';
import { generateSecret, generateURI, verify } from 'otplib';
import { AuthError } from './errors.js';
import { createRecoveryCodes } from './recovery.js';
import { recordSecurityEvent } from './security-log.js';
import { settingsOf, type AuthStore } from './store.js';
import {
  needsSealing,
  openTotpSecret,
  requireSecretsKey,
  resealTotpSecret,
  sealTotpSecret,
} from './totp-secret.js';
import { findUserById, usersOf } from './users.js';

// TOTP (RFC 6238) with the parameters every authenticator app supports: SHA-1, 6 digits, 30 s.

/** Length of a TOTP time step, in seconds (RFC 6238 section 4.1, X = 30 recommended). */
export const TOTP_PERIOD_SECONDS = 30;
/**
 * Clock drift tolerated each way, in seconds: one time step, as RFC 6238 section 5.2 advises
 * ("at most one time step ... backward").
 */
export const TOTP_TOLERANCE_SECONDS = 30;
/** How long a used time step is remembered: longer than the window in which it is accepted. */
const USED_STEP_TTL_SECONDS = 4 * TOTP_PERIOD_SECONDS;

/**
 * Starts enrolment: a fresh secret and its otpauth URI (for a QR code), kept sealed until
 * confirmed. Refused with AUTH_TOTP_UNAVAILABLE when no AUTH_SECRETS_KEY is configured.
 */
export async function beginTotpEnrolment(
  store: AuthStore,
  userId: ObjectId,
): Promise<{ secret: string; uri: string }> {
  const user = await findUserById(store, userId);
  if (!user) throw new AuthError('AUTH_NOT_FOUND', 'no such user');
  if (user.auth?.totp) throw new AuthError('AUTH_TOTP_ALREADY_ENABLED', 'TOTP is already on');
  const secret = generateSecret();
  const sealed = sealTotpSecret(store, userId, secret);
  await usersOf(store).updateOne(
    { _id: userId },
    { $set: { 'auth.totpPending': { secret: sealed, createdAt: new Date() } } },
  );
  const issuer = settingsOf(store).serverName;
  const uri = generateURI({ issuer, label: user.username, secret, period: TOTP_PERIOD_SECONDS });
  return { secret, uri };
}

/**
 * Confirms enrolment with a first code; TOTP is on from then. Resolves to a fresh set of
 * recovery codes (the user sees them once).
 */
export async function confirmTotpEnrolment(
  store: AuthStore,
  userId: ObjectId,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const user = await findUserById(store, userId);
  const pending = user?.auth?.totpPending;
  if (!user || !pending) throw new AuthError('AUTH_TOTP_NOT_ENROLLED', 'no TOTP enrolment open');
  requireSecretsKey(store);
  const secret = openTotpSecret(store, userId, pending.secret);
  if (!secret || !(await checkTotpCode(store, userId, secret, code))) {
    throw new AuthError('AUTH_SECOND_FACTOR_INVALID', 'the code is wrong or was used already');
  }
  await usersOf(store).updateOne(
    { _id: userId },
    {
      $set: {
        'auth.totp': { secret: sealTotpSecret(store, userId, secret), enabledAt: new Date() },
      },
      $unset: { 'auth.totpPending': '' },
    },
  );
  await recordSecurityEvent(store, {
    user: userId,
    event: 'totp-enabled',
    outcome: 'success',
    factor: 'totp',
  });
  return { recoveryCodes: await createRecoveryCodes(store, userId) };
}

/** Turns TOTP off; a current code proves the authenticator is at hand, not just a token. */
export async function disableTotp(store: AuthStore, userId: ObjectId, code: string): Promise<void> {
  const user = await findUserById(store, userId);
  if (!user?.auth?.totp) throw new AuthError('AUTH_TOTP_NOT_ENROLLED', 'TOTP is off');
  const secret = openTotpSecret(store, userId, user.auth.totp.secret);
  if (!secret || !(await checkTotpCode(store, userId, secret, code))) {
    throw new AuthError('AUTH_SECOND_FACTOR_INVALID', 'the code is wrong or was used already');
  }
  const result = await usersOf(store).updateOne(
    { _id: userId, 'auth.totp': { $exists: true } },
    { $unset: { 'auth.totp': '', 'auth.totpPending': '' } },
  );
  if (result.modifiedCount === 0) throw new AuthError('AUTH_TOTP_NOT_ENROLLED', 'TOTP is off');
  await recordSecurityEvent(store, { user: userId, event: 'totp-disabled', outcome: 'success' });
}

/**
 * Checks a code against the user's confirmed secret. A legacy clear secret, or one a retired key
 * sealed, that verifies is sealed then with the current key. A secret that cannot be opened fails
 * (and is logged).
 */
export async function verifyUserTotp(
  store: AuthStore,
  userId: ObjectId,
  code: string,
): Promise<boolean> {
  const user = await findUserById(store, userId);
  const stored = user?.auth?.totp?.secret;
  if (stored === undefined) return false;
  const secret = openTotpSecret(store, userId, stored);
  if (!secret || !(await checkTotpCode(store, userId, secret, code))) return false;
  if (needsSealing(store, stored)) await resealTotpSecret(store, userId, 'totp', stored, secret);
  return true;
}

/**
 * Checks a code and accepts each time step once: RFC 6238 section 5.2 says the verifier MUST
 * NOT accept the second attempt of the same OTP after the first succeeded. The used step is
 * claimed atomically in Redis (SET NX), so two gateways cannot both accept it.
 */
async function checkTotpCode(
  store: AuthStore,
  userId: ObjectId,
  secret: string,
  code: string,
): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const result = await verify({
    secret,
    token: code,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
  }).catch((error: Error) => {
    // A stored secret otplib refuses (too short, say) fails the factor instead of the request.
    store.logger.warn({ err: error.message, user: userId.toHexString() }, 'TOTP secret unusable');
    return { valid: false as const };
  });
  if (!result.valid || !('timeStep' in result)) return false;
  const step = result.timeStep;
  const key = redisKey(store.redisPrefix, 'auth', 'totp-used', userId.toHexString(), step);
  const claimed = await store.redis.set(key, '1', 'EX', USED_STEP_TTL_SECONDS, 'NX');
  return claimed === 'OK';
}
