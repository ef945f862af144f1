import { randomBytes } from 'node:crypto';
import { redisKey } from '@mailstore/db';
import type { Store } from '../store.js';

/**
 * The lease of a lock: a live holder renews it every third of this, however long it works, so
 * only a holder that died (or lost Redis) lets it lapse; then the mailbox stalls no longer than
 * this.
 */
export const LOCK_TTL_MS = 30_000;
/** Longest wait for a lock before the operation fails with a temporary error. */
export const LOCK_WAIT_MS = 30_000;
/** Pause between tries while a lock is held by someone else. */
const LOCK_RETRY_MS = 5;

// Deletes the lock only if it still holds our token, so a lapsed holder never frees another's.
const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
// Extends the lease only if the lock still holds our token.
const RENEW_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) " +
  'end return 0';

/** How the lock is taken; tests shorten the lease. */
export interface LockOptions {
  ttlMs?: number;
}

/** The lock was not free within {@link LOCK_WAIT_MS}. */
export class LockTimeoutError extends Error {
  constructor(readonly key: string) {
    super(`lock ${key} not acquired within ${LOCK_WAIT_MS} ms`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Runs `fn` holding a Redis lock (SET NX PX, renewed while `fn` runs, released by token).
 * Read-modify-write steps on one shared document (mailbox counters, a user's quota, a blob's
 * reference count) run under it: FerretDB v1 loses concurrent updates to one document (60
 * concurrent `$inc` left 3 here), and on MongoDB the lock costs little. Unique `_id` inserts stay
 * the arbiter if a lock ever lapses.
 */
export async function withLock<T>(
  store: Store,
  parts: readonly string[],
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const ttlMs = options.ttlMs ?? LOCK_TTL_MS;
  const key = redisKey(store.redisPrefix, 'lock', ...parts);
  const token = randomBytes(12).toString('hex');
  const started = Date.now();
  while ((await store.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
    if (Date.now() - started > LOCK_WAIT_MS) throw new LockTimeoutError(key);
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS + Math.random() * 10));
  }
  const renewal = setInterval(() => {
    store.redis.eval(RENEW_SCRIPT, 1, key, token, ttlMs).catch(() => undefined);
  }, ttlMs / 3);
  renewal.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renewal);
    await store.redis.eval(RELEASE_SCRIPT, 1, key, token).catch(() => undefined);
  }
}

/** The lock that serializes UID and MODSEQ allocation and writes within one mailbox. */
export function mailboxLock(mailbox: { toHexString(): string }): string[] {
  return ['mailbox', mailbox.toHexString()];
}
