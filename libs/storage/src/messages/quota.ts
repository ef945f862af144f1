import { randomBytes } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import type { Store } from '../store.js';
import { idRange, MESSAGES, USERS, type MessageDoc } from './collections.js';
import { QuotaExceededError, UserNotFoundError } from './errors.js';
import { withLock } from './lock.js';

/** Attempts of the read-then-conditional-update loop before giving up on a contended quota. */
const QUOTA_RETRIES = 20;
/**
 * Quota changes remembered on the user document, newest last, so that a change whose reply was
 * lost can be looked up later. Give-backs are settled at the user's next ingest, long before this
 * many other changes.
 */
export const QUOTA_RECENT_CHANGES = 16;

interface QuotaDoc {
  _id: ObjectId;
  quota?: {
    limit?: number;
    used?: number;
    /** Count of changes made through this module; every change is conditional on it. */
    seq?: number;
    /** Tokens of the last {@link QUOTA_RECENT_CHANGES} changes. */
    recent?: string[];
  };
}

/** One change of `quota.used`: its token, and the `seq` it was made on. */
export interface QuotaChange {
  token: string;
  seq: number;
}

/** The reply to a quota change was lost: it may or may not have been made. */
export class UncertainQuotaError extends Error {
  constructor(
    readonly change: QuotaChange,
    override readonly cause: unknown,
  ) {
    super(`quota change ${change.token} has an unknown outcome: ${(cause as Error).message}`);
    this.name = 'UncertainQuotaError';
  }
}

/**
 * Charges `bytes` to the user's quota, or throws {@link QuotaExceededError}. The change is
 * conditional on the limit and the `seq` read, in one atomic update, so concurrent ingests can
 * never take `used` past `limit` (a limit of 0 means unlimited). Throws
 * {@link UncertainQuotaError} when the reply is lost.
 */
export async function reserveQuota(store: Store, user: ObjectId, bytes: number): Promise<void> {
  await withLock(store, quotaLock(user), () =>
    change(store, user, bytes, (limit, used) => {
      if (limit > 0 && used + bytes > limit) {
        throw new QuotaExceededError(user, limit, used, bytes);
      }
    }),
  );
}

/**
 * Gives `bytes` back to the user's quota (after an expunge, a delete or a failed ingest). Throws
 * {@link UncertainQuotaError} when the reply is lost.
 */
export async function releaseQuota(store: Store, user: ObjectId, bytes: number): Promise<void> {
  if (bytes === 0) return;
  await withLock(store, quotaLock(user), () => change(store, user, -bytes));
}

/**
 * Whether a change whose reply was lost was made: undefined when too many changes came after it
 * to tell (then `recalculateQuota` is the repair).
 */
export async function quotaChangeMade(
  store: Store,
  user: ObjectId,
  made: QuotaChange,
): Promise<boolean | undefined> {
  const doc = await store.db
    .collection<QuotaDoc>(USERS)
    .findOne({ _id: user }, { projection: { quota: 1 } });
  if (!doc) return false;
  if (doc.quota?.recent?.includes(made.token)) return true;
  // Made, it would be at seq + 1 and stay among the recent until seq + 1 + QUOTA_RECENT_CHANGES.
  return (doc.quota?.seq ?? 0) <= made.seq + QUOTA_RECENT_CHANGES ? false : undefined;
}

async function change(
  store: Store,
  user: ObjectId,
  delta: number,
  check: (limit: number, used: number) => void = () => undefined,
): Promise<void> {
  const users = store.db.collection<QuotaDoc>(USERS);
  const token = randomBytes(9).toString('base64url');
  for (let attempt = 0; attempt < QUOTA_RETRIES; attempt++) {
    const doc = await users.findOne({ _id: user }, { projection: { quota: 1 } });
    if (!doc) throw new UserNotFoundError(user);
    const quota = doc.quota ?? {};
    check(quota.limit ?? 0, quota.used ?? 0);
    const seq = quota.seq ?? 0;
    const filter = {
      _id: user,
      'quota.limit': quota.limit ?? { $exists: false },
      'quota.seq': quota.seq ?? { $exists: false },
    };
    const recent = [...(quota.recent ?? []).slice(1 - QUOTA_RECENT_CHANGES), token];
    let matched: number;
    try {
      const result = await users.updateOne(filter, {
        $inc: { 'quota.used': delta, 'quota.seq': 1 },
        $set: { 'quota.recent': recent },
      });
      matched = result.modifiedCount;
    } catch (error) {
      throw new UncertainQuotaError({ token, seq }, error);
    }
    if (matched === 1) return;
    // The limit changed, or a change that went round the lock landed: read again.
  }
  throw new Error(`quota of user ${user.toHexString()} too contended to change`);
}

function quotaLock(user: ObjectId): string[] {
  return ['quota', user.toHexString()];
}

/**
 * Recomputes `quota.used` from the user's messages: the repair for a process that died between
 * charging the quota and writing the message. Run it while the user receives no mail.
 */
export async function recalculateQuota(store: Store, user: ObjectId): Promise<number> {
  const docs = await store.db
    .collection<MessageDoc>(MESSAGES)
    .find({ _id: idRange(user), hole: { $exists: false } }, { projection: { size: 1 } })
    .toArray();
  const used = docs.reduce((sum, doc) => sum + doc.size, 0);
  await store.db
    .collection<QuotaDoc>(USERS)
    .updateOne({ _id: user }, { $set: { 'quota.used': used } });
  return used;
}
