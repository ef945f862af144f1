import type { ObjectId } from 'mongodb';
import { checkCredentials, type CredentialCheck, type FailureDetail } from './credentials.js';
import { checkDummyPassword } from './passwords/verify.js';
import { clearLoginFailures, recordLoginFailure } from './rate-limit.js';
import { allows, type Protocol, type Scope } from './scopes.js';
import { recordSecurityEvent } from './security-log.js';
import type { AuthStore } from './store.js';
import { hasSecondFactor } from './users.js';

/** A login by a mail client (IMAP, POP3, SMTP) or a trusted service on its behalf. */
export interface LoginAttempt {
  login: string;
  password: string;
  protocol: Protocol;
  remoteAddress: string;
  /** The client's own description (IMAP ID, User-Agent), for the security log. */
  client?: string;
}

/** The outcome of {@link authenticate}; every refusal for a bad credential reads `invalid`. */
export type LoginResult =
  | { ok: true; userId: ObjectId; username: string; scopes: Scope[]; appPasswordId?: ObjectId }
  | { ok: false; reason: 'invalid' | 'rate-limited' | 'disabled'; retryAfterMs?: number };

/**
 * Decides a protocol login. With a second factor on, only application passwords work for
 * IMAP, POP3 and SMTP (and for the API outside the gateway's own two-step login), and an
 * application password works only for the protocols in its scopes.
 */
export async function authenticate(store: AuthStore, attempt: LoginAttempt): Promise<LoginResult> {
  const check = await checkCredentials(store, attempt);
  if (!check.ok) return refuse(store, attempt, check, check.detail);

  const { user, appPassword } = check;
  if (appPassword && !allows(appPassword.scopes, attempt.protocol)) {
    await checkDummyPassword(attempt.password);
    return refuse(store, attempt, check, 'scope');
  }
  if (!appPassword && hasSecondFactor(user)) {
    return refuse(store, attempt, check, 'second-factor-required');
  }

  await clearLoginFailures(store, check.account, attempt.remoteAddress);
  await recordSecurityEvent(store, {
    ...loginEvent(attempt, check),
    outcome: 'success',
  });
  return {
    ok: true,
    userId: user._id,
    username: user.username,
    scopes: appPassword ? appPassword.scopes : ['*'],
    ...(appPassword ? { appPasswordId: appPassword._id } : {}),
  };
}

/** The common fields of a login's security log entry. */
export function loginEvent(attempt: LoginAttempt, check: CredentialCheck) {
  const appPassword = check.ok ? check.appPassword : undefined;
  return {
    user: check.user?._id ?? null,
    event: 'login' as const,
    factor: appPassword ? ('app-password' as const) : ('password' as const),
    protocol: attempt.protocol,
    remoteAddress: attempt.remoteAddress,
    ...(attempt.client ? { client: attempt.client } : {}),
    ...(appPassword ? { appPasswordId: appPassword._id } : {}),
  };
}

/** Counts and logs a refusal, and shapes the client-facing answer. */
export async function refuse(
  store: AuthStore,
  attempt: LoginAttempt,
  check: CredentialCheck,
  detail: FailureDetail,
): Promise<LoginResult & { ok: false }> {
  if (detail !== 'rate-limited') {
    await recordLoginFailure(store, check.account, attempt.remoteAddress);
  }
  await recordSecurityEvent(store, {
    ...loginEvent(attempt, check),
    outcome: 'failure',
    reason: detail,
  });
  store.logger.info({ login: attempt.login, protocol: attempt.protocol, detail }, 'login refused');
  if (detail === 'rate-limited') {
    const retryAfterMs = check.ok ? undefined : check.retryAfterMs;
    return { ok: false, reason: 'rate-limited', ...(retryAfterMs ? { retryAfterMs } : {}) };
  }
  return { ok: false, reason: detail === 'disabled' ? 'disabled' : 'invalid' };
}
