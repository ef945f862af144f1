import { redisKey } from '@mailstore/db';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { settingsOf, type AuthStore } from './store.js';

// Two counters of failed logins, both in Redis so every gateway and app instance shares them:
// one per account (or unknown login name) and remote address, one per remote address alone. A
// counter that reaches its limit is blocked for the lockout time; the key expires by itself.

/** A limiter's verdict: allowed, or refused for `retryAfterMs`. */
export type LimitVerdict = { limited: false } | { limited: true; retryAfterMs: number };

interface Limiters {
  userAddress: RateLimiterRedis;
  address: RateLimiterRedis;
}

const cache = new WeakMap<AuthStore, Limiters>();

function limitersOf(store: AuthStore): Limiters {
  let limiters = cache.get(store);
  if (limiters) return limiters;
  const { rateLimit } = settingsOf(store);
  const make = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: store.redis,
      keyPrefix: redisKey(store.redisPrefix, 'auth', 'rl', name),
      points,
      duration: rateLimit.windowSeconds,
    });
  limiters = {
    userAddress: make('user-address', rateLimit.userAddressFailures),
    address: make('address', rateLimit.addressFailures),
  };
  cache.set(store, limiters);
  return limiters;
}

/** The key of the per-account-and-address counter. */
function pairKey(account: string, remoteAddress: string): string {
  return `${account}|${remoteAddress}`;
}

/** Says whether a login for `account` from `remoteAddress` is locked out now. */
export async function checkLoginLimits(
  store: AuthStore,
  account: string,
  remoteAddress: string,
): Promise<LimitVerdict> {
  const { userAddress, address } = limitersOf(store);
  const [pair, alone] = await Promise.all([
    userAddress.get(pairKey(account, remoteAddress)),
    address.get(remoteAddress),
  ]);
  const waits = [
    pair && pair.consumedPoints >= userAddress.points ? pair.msBeforeNext : 0,
    alone && alone.consumedPoints >= address.points ? alone.msBeforeNext : 0,
  ];
  const retryAfterMs = Math.max(...waits);
  return retryAfterMs > 0 ? { limited: true, retryAfterMs } : { limited: false };
}

/** Counts one failed login; a counter reaching its limit starts a lockout. */
export async function recordLoginFailure(
  store: AuthStore,
  account: string,
  remoteAddress: string,
): Promise<void> {
  const { userAddress, address } = limitersOf(store);
  const { lockoutSeconds } = settingsOf(store).rateLimit;
  await Promise.all([
    countFailure(userAddress, pairKey(account, remoteAddress), lockoutSeconds),
    countFailure(address, remoteAddress, lockoutSeconds),
  ]);
}

/** Clears the per-account-and-address counter after a successful login. */
export async function clearLoginFailures(
  store: AuthStore,
  account: string,
  remoteAddress: string,
): Promise<void> {
  await limitersOf(store).userAddress.delete(pairKey(account, remoteAddress));
}

async function countFailure(limiter: RateLimiterRedis, key: string, lockoutSeconds: number) {
  let consumed: number;
  try {
    consumed = (await limiter.consume(key)).consumedPoints;
  } catch (rejection) {
    // consume() rejects with a RateLimiterRes once the points are spent: already locked out.
    if (rejection instanceof RateLimiterRes) return;
    throw rejection;
  }
  if (consumed >= limiter.points) await limiter.block(key, lockoutSeconds);
}
