import { redisKey } from '@mailstore/db';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { loginEvent, refuse, type LoginAttempt } from './authenticate.js';
import { checkCredentials } from './credentials.js';
import { AuthError } from './errors.js';
import { checkDummyPassword } from './passwords/verify.js';
import { checkLoginLimits, clearLoginFailures, recordLoginFailure } from './rate-limit.js';
import { useRecoveryCode } from './recovery.js';
import { allows, type Scope } from './scopes.js';
import { digestSecret } from './secrets.js';
import { recordSecurityEvent, type SecurityFactor } from './security-log.js';
import { settingsOf, type AuthStore } from './store.js';
import { issueToken } from './tokens.js';
import { verifyUserTotp } from './totp.js';
import { hasSecondFactor, type UserDocument } from './users.js';
import { beginWebAuthnAuthentication, finishWebAuthnAuthentication } from './webauthn.js';

/** Wrong second factors one pending login may take before it is dropped. */
export const MAX_SECOND_FACTOR_ATTEMPTS = 5;

/** The second factors a user can finish a login with. */
export type SecondFactorMethod = 'totp' | 'webauthn' | 'recovery-code';

/** A finished login: a token for the API. */
export interface IssuedToken {
  token: string;
  expiresAt: Date;
  scopes: Scope[];
}

/** The first step's answer: a token, or a ticket to finish with a second factor. */
export type LoginStep =
  | ({ status: 'complete' } & IssuedToken)
  | { status: 'second-factor'; ticket: string; methods: SecondFactorMethod[] };

/** A second factor as the client sends it. */
export type SecondFactor =
  | { method: 'totp'; code: string }
  | { method: 'recovery-code'; code: string }
  | { method: 'webauthn'; response: AuthenticationResponseJSON };

interface PendingLogin {
  userId: string;
  remoteAddress: string;
  client?: string;
  attempts: number;
}

/** Where a login comes from. */
export type Origin = Omit<LoginAttempt, 'protocol' | 'login' | 'password'>;

function pendingKey(store: AuthStore, ticket: string): string {
  return redisKey(store.redisPrefix, 'auth', 'pending', digestSecret('pending-login', ticket));
}

function refusal(reason: 'invalid' | 'rate-limited' | 'disabled', retryAfterMs?: number) {
  if (reason === 'rate-limited') {
    return new AuthError('AUTH_RATE_LIMITED', 'too many failed logins; try later', retryAfterMs);
  }
  if (reason === 'disabled') return new AuthError('AUTH_ACCOUNT_DISABLED', 'account disabled');
  return new AuthError('AUTH_INVALID_CREDENTIALS', 'invalid login or password');
}

/**
 * First step of a web or API login. An application password with the `api` scope finishes at
 * once with a token limited to its scopes; the account password finishes at once only when the
 * user has no second factor, otherwise it yields a short-lived ticket.
 */
export async function beginLogin(store: AuthStore, attempt: LoginAttempt): Promise<LoginStep> {
  const check = await checkCredentials(store, attempt);
  if (!check.ok) {
    const refused = await refuse(store, attempt, check, check.detail);
    throw refusal(refused.reason, refused.retryAfterMs);
  }
  const { user, appPassword } = check;
  if (appPassword && !allows(appPassword.scopes, 'api')) {
    await checkDummyPassword(attempt.password);
    throw refusal((await refuse(store, attempt, check, 'scope')).reason);
  }
  // Failures are cleared only once the login is complete: a password that is right does not
  // reset the count of wrong second factors guessed after it.
  const complete = Boolean(appPassword) || !hasSecondFactor(user);
  if (complete) await clearLoginFailures(store, check.account, attempt.remoteAddress);
  await recordSecurityEvent(store, { ...loginEvent(attempt, check), outcome: 'success' });

  const origin: Origin = { remoteAddress: attempt.remoteAddress, client: attempt.client };
  if (appPassword) {
    const scopes = appPassword.scopes;
    const options = { ...origin, scopes, appPasswordId: appPassword._id };
    const issued = await issueToken(store, user._id, options);
    return { status: 'complete', token: issued.token, expiresAt: issued.expiresAt, scopes };
  }
  if (complete) return { status: 'complete', ...(await fullToken(store, user._id, origin)) };
  return openPendingLogin(store, user, origin);
}

async function openPendingLogin(
  store: AuthStore,
  user: UserDocument,
  origin: Origin,
): Promise<LoginStep> {
  const ticket = randomBytes(32).toString('base64url');
  const pending: PendingLogin = {
    userId: user._id.toHexString(),
    remoteAddress: origin.remoteAddress,
    ...(origin.client ? { client: origin.client } : {}),
    attempts: 0,
  };
  const ttl = settingsOf(store).pendingLoginTtlSeconds;
  await store.redis.set(pendingKey(store, ticket), JSON.stringify(pending), 'EX', ttl);
  const methods: SecondFactorMethod[] = [];
  if (user.auth?.totp) methods.push('totp');
  if ((user.auth?.webauthnCount ?? 0) > 0) methods.push('webauthn');
  if ((user.auth?.recoveryCodes?.length ?? 0) > 0) methods.push('recovery-code');
  return { status: 'second-factor', ticket, methods };
}

async function loadPending(store: AuthStore, ticket: string): Promise<PendingLogin> {
  const raw = ticket.length <= 64 ? await store.redis.get(pendingKey(store, ticket)) : null;
  if (!raw) throw new AuthError('AUTH_PENDING_LOGIN_UNKNOWN', 'no pending login; start again');
  return JSON.parse(raw) as PendingLogin;
}

/** The WebAuthn assertion options for a pending login. */
export async function beginLoginWebAuthn(store: AuthStore, ticket: string) {
  const pending = await loadPending(store, ticket);
  const ceremonyId = digestSecret('pending-login', ticket);
  return beginWebAuthnAuthentication(store, new ObjectId(pending.userId), ceremonyId);
}

/** Second step: checks the factor and, when it holds, ends the pending login with a token. */
export async function completeLogin(
  store: AuthStore,
  ticket: string,
  factor: SecondFactor,
): Promise<IssuedToken> {
  const pending = await loadPending(store, ticket);
  const userId = new ObjectId(pending.userId);
  const account = pending.userId;
  const limit = await checkLoginLimits(store, account, pending.remoteAddress);
  if (limit.limited) throw refusal('rate-limited', limit.retryAfterMs);

  const ok = await checkFactor(store, userId, ticket, factor);
  const logged = {
    user: userId,
    event: 'second-factor' as const,
    factor: factor.method satisfies SecurityFactor,
    protocol: 'api',
    remoteAddress: pending.remoteAddress,
    ...(pending.client ? { client: pending.client } : {}),
  };
  if (!ok) {
    await recordLoginFailure(store, account, pending.remoteAddress);
    await recordSecurityEvent(store, { ...logged, outcome: 'failure', reason: 'wrong-factor' });
    await countAttempt(store, ticket, pending);
    throw new AuthError('AUTH_SECOND_FACTOR_INVALID', 'the second factor was not accepted');
  }
  if ((await store.redis.del(pendingKey(store, ticket))) === 0) {
    throw new AuthError('AUTH_PENDING_LOGIN_UNKNOWN', 'no pending login; start again');
  }
  await clearLoginFailures(store, account, pending.remoteAddress);
  await recordSecurityEvent(store, { ...logged, outcome: 'success' });
  return fullToken(store, userId, pending);
}

async function checkFactor(
  store: AuthStore,
  userId: ObjectId,
  ticket: string,
  factor: SecondFactor,
): Promise<boolean> {
  switch (factor.method) {
    case 'totp':
      return verifyUserTotp(store, userId, factor.code);
    case 'recovery-code':
      return useRecoveryCode(store, userId, factor.code);
    case 'webauthn': {
      const ceremonyId = digestSecret('pending-login', ticket);
      const result = await finishWebAuthnAuthentication(store, userId, ceremonyId, factor.response);
      return result.verified;
    }
  }
}

async function countAttempt(store: AuthStore, ticket: string, pending: PendingLogin) {
  const key = pendingKey(store, ticket);
  if (pending.attempts + 1 >= MAX_SECOND_FACTOR_ATTEMPTS) {
    await store.redis.del(key);
    return;
  }
  await store.redis.set(
    key,
    JSON.stringify({ ...pending, attempts: pending.attempts + 1 }),
    'KEEPTTL',
  );
}

/** Issues the token of a complete login: every scope. @internal */
export async function fullToken(
  store: AuthStore,
  userId: ObjectId,
  origin: Origin,
): Promise<IssuedToken> {
  const scopes: Scope[] = ['*'];
  const issued = await issueToken(store, userId, { ...origin, scopes });
  return { token: issued.token, expiresAt: issued.expiresAt, scopes };
}
