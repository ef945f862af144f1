import { findAppPassword, touchAppPassword, type AppPasswordDocument } from './app-passwords.js';
import { ObjectId } from 'mongodb';
import { findUserByLogin, loginKey } from './login-name.js';
import { addressInNetworks } from './networks.js';
import { hashPassword } from './passwords/argon2.js';
import { checkDummyPassword, checkPassword } from './passwords/verify.js';
import { checkLoginLimits } from './rate-limit.js';
import type { AuthStore } from './store.js';
import { usersOf, type UserDocument } from './users.js';

/** An id no user has: the application-password lookup of a login that names no account. */
const NO_USER_ID = new ObjectId('000000000000000000000000');

/** A login name, a secret and where they came from. */
export interface Credentials {
  login: string;
  password: string;
  remoteAddress: string;
}

/** Why a credential check failed, in the log's words (never shown to the client). */
export type FailureDetail =
  | 'unknown-login'
  | 'wrong-password'
  | 'app-password-expired'
  | 'app-password-network'
  | 'scope'
  | 'second-factor-required'
  | 'disabled'
  | 'rate-limited';

/** What {@link checkCredentials} found. */
export type CredentialCheck =
  | { ok: true; user: UserDocument; account: string; appPassword?: AppPasswordDocument }
  | {
      ok: false;
      user: UserDocument | null;
      account: string;
      detail: FailureDetail;
      retryAfterMs?: number;
    };

/**
 * Checks a login name and a secret (the account password or an application password), under the
 * rate limits. Every refusal for a bad secret costs one argon2 verification, whether or not the
 * login names a user, so neither the answer nor its timing tells them apart.
 */
export async function checkCredentials(
  store: AuthStore,
  credentials: Credentials,
): Promise<CredentialCheck> {
  const user = await findUserByLogin(store, credentials.login);
  const account = user ? user._id.toHexString() : `login:${loginKey(credentials.login)}`;
  const limit = await checkLoginLimits(store, account, credentials.remoteAddress);
  if (limit.limited) {
    return { ok: false, user, account, detail: 'rate-limited', retryAfterMs: limit.retryAfterMs };
  }
  // The lookup runs for unknown logins too (for an id no user has), so both take the same path.
  const owner = user?._id ?? NO_USER_ID;
  const appPassword = await findAppPassword(store, owner, credentials.password);
  if (user && appPassword) return checkAppPassword(store, user, account, appPassword, credentials);

  const check = user?.password
    ? await checkPassword(user.password, credentials.password)
    : await checkDummyPassword(credentials.password);
  if (!user) return { ok: false, user, account, detail: 'unknown-login' };
  if (!check.ok) return { ok: false, user, account, detail: 'wrong-password' };
  if (user.disabled) return { ok: false, user, account, detail: 'disabled' };
  if (check.needsRehash) await rehash(store, user, credentials.password);
  return { ok: true, user, account };
}

async function checkAppPassword(
  store: AuthStore,
  user: UserDocument,
  account: string,
  appPassword: AppPasswordDocument,
  credentials: Credentials,
): Promise<CredentialCheck> {
  let detail: FailureDetail | undefined;
  if (appPassword.expiresAt && appPassword.expiresAt.getTime() <= Date.now()) {
    detail = 'app-password-expired';
  } else if (
    appPassword.networks?.length &&
    !addressInNetworks(credentials.remoteAddress, appPassword.networks)
  ) {
    detail = 'app-password-network';
  } else if (user.disabled) {
    detail = 'disabled';
  }
  if (detail) {
    await checkDummyPassword(credentials.password);
    return { ok: false, user, account, detail };
  }
  await touchAppPassword(store, appPassword._id);
  return { ok: true, user, account, appPassword };
}

/**
 * Replaces an imported or outdated hash with a current argon2id one, only if the stored hash is
 * still the one just verified (a concurrent password change wins).
 */
async function rehash(store: AuthStore, user: UserDocument, password: string): Promise<void> {
  const fresh = await hashPassword(password);
  await usersOf(store).updateOne(
    { _id: user._id, password: user.password },
    { $set: { password: fresh } },
  );
  store.logger.info({ user: user.username }, 'password rehashed with argon2id');
}
