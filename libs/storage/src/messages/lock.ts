import { randomBytes } from 'node:crypto';
import { redisKey } from '@mailstore/db';
import type { Store } from '../store.js';

/**
 * Longest a lock is held before it lapses: far above the few round trips a holder needs, short
 * enough that a crashed holder does not stall the mailbox for long.
 */
export const LOCK_TTL_MS = 30_000;
/** Longest wait for a lock before the operation fails with a temporary error. */
export const LOCK_WAIT_MS = 30_000;
/** Pause between tries while a lock is held by someone else. */
const LOCK_RETRY_MS = 5;

// Deletes the lock only if it still holds our token, so a lapsed holder never frees another's.
const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/** The lock was not free within {@link LOCK_WAIT_MS}. */
export class LockTimeoutError extends Error {
  constructor(readonly key: string) {
    super(`lock ${key} not acquired within ${LOCK_WAIT_MS} ms`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Runs `fn` holding a short Redis lock (SET NX PX, released by token). Read-modify-write steps on
 * one shared document (mailbox counters, a user's quota, a blob's reference count) run under it:
 * FerretDB v1 loses concurrent updates to one document (60 concurrent `$inc` left 3 here), and
 * on MongoDB the lock costs little. Unique `_id` inserts stay the arbiter if a lock ever lapses.
 */
export async function withLock<T>(
  store: Store,
  parts: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const key = redisKey(store.redisPrefix, 'lock', ...parts);
  const token = randomBytes(12).toString('hex');
  const started = Date.now();
  while ((await store.redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
    if (Date.now() - started > LOCK_WAIT_MS) throw new LockTimeoutError(key);
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS + Math.random() * 10));
  }
  try {
    return await fn();
  } finally {
    await store.redis.eval(RELEASE_SCRIPT, 1, key, token).catch(() => undefined);
  }
}

/** The lock that serializes UID and MODSEQ allocation and writes within one mailbox. */
export function mailboxLock(mailbox: { toHexString(): string }): string[] {
  return ['mailbox', mailbox.toHexString()];
}
