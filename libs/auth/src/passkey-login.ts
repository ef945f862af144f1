import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { randomBytes } from 'node:crypto';
import { AuthError } from './errors.js';
import { checkLoginLimits, recordLoginFailure } from './rate-limit.js';
import { digestSecret } from './secrets.js';
import { recordSecurityEvent } from './security-log.js';
import type { AuthStore } from './store.js';
import { findUserById } from './users.js';
import { fullToken, type IssuedToken, type Origin } from './web-login.js';
import { beginWebAuthnAuthentication, finishWebAuthnAuthentication } from './webauthn.js';

// A passkey login: no login name and no password, a discoverable credential with user
// verification (something the user has, plus a PIN or biometric) is a full login by itself.

/** The rate-limit account of passkey logins: only the per-address counters apply. */
const PASSKEY_ACCOUNT = 'passkey';

function ceremonyKey(ceremony: string): string {
  return digestSecret('passkey-login', ceremony);
}

/** Starts a passkey login: a ceremony id and the options for `navigator.credentials.get()`. */
export async function beginPasskeyLogin(store: AuthStore) {
  const ceremony = randomBytes(24).toString('base64url');
  const options = await beginWebAuthnAuthentication(store, null, ceremonyKey(ceremony));
  return { ceremony, options };
}

/** Finishes a passkey login with the authenticator's assertion; resolves to a full token. */
export async function completePasskeyLogin(
  store: AuthStore,
  ceremony: string,
  response: AuthenticationResponseJSON,
  origin: Origin,
): Promise<IssuedToken> {
  const limit = await checkLoginLimits(store, PASSKEY_ACCOUNT, origin.remoteAddress);
  if (limit.limited) {
    throw new AuthError(
      'AUTH_RATE_LIMITED',
      'too many failed logins; try later',
      limit.retryAfterMs,
    );
  }
  const { owner, verified } = await finishWebAuthnAuthentication(
    store,
    null,
    ceremonyKey(ceremony),
    response,
  );
  const user = owner ? await findUserById(store, owner) : null;
  const event = {
    user: user?._id ?? null,
    event: 'login' as const,
    factor: 'webauthn' as const,
    protocol: 'api',
    remoteAddress: origin.remoteAddress,
    ...(origin.client ? { client: origin.client } : {}),
  };
  if (!user || !verified || user.disabled) {
    await recordLoginFailure(store, PASSKEY_ACCOUNT, origin.remoteAddress);
    const reason = !user || !verified ? 'passkey-not-verified' : 'disabled';
    await recordSecurityEvent(store, { ...event, outcome: 'failure', reason });
    if (reason === 'disabled') throw new AuthError('AUTH_ACCOUNT_DISABLED', 'account disabled');
    throw new AuthError('AUTH_INVALID_CREDENTIALS', 'the passkey was not accepted');
  }
  await recordSecurityEvent(store, { ...event, outcome: 'success' });
  return fullToken(store, user._id, origin);
}
