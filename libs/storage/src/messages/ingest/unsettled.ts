import { redisKey } from '@mailstore/db';
import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { releaseRefs } from '../blobs/refs.js';
import { MESSAGES, type MessageDoc } from '../collections.js';
import { releaseQuota } from '../quota.js';

/** Unsettled ingests settled at the start of one ingest, so a long backlog costs no one much. */
const SETTLE_PER_INGEST = 10;

/**
 * What a failed ingest took and must give back: quota bytes and blob references. `ids` are the
 * message `_id`s an insert with an unknown outcome may have written (the reply was lost): if one
 * of them exists, the message owns the charge and nothing is given back.
 */
export interface Unsettled {
  bytes: number;
  blobs: string[];
  ids: string[];
}

/** The insert's reply was lost: the documents may or may not have been written. */
export class UncertainWriteError extends Error {
  constructor(
    readonly ids: string[],
    override readonly cause: unknown,
  ) {
    super(`write of ${ids.join(', ')} has an unknown outcome: ${(cause as Error).message}`);
    this.name = 'UncertainWriteError';
  }
}

function unsettledKey(store: Store, user: ObjectId): string {
  return redisKey(store.redisPrefix, 'unsettled', user.toHexString());
}

/**
 * Gives back what a failed ingest took. The failure is usually a database outage, which fails
 * the give-back too: then the entry waits in Redis and the user's next ingest settles it, so an
 * outage leaves neither the quota charged nor blobs referenced for copies that were never
 * stored. Never throws: the caller is already failing with the error that matters.
 */
export async function giveBack(store: Store, user: ObjectId, entry: Unsettled): Promise<void> {
  try {
    await settle(store, user, entry);
  } catch (error) {
    await keep(store, user, entry, error);
  }
}

/** Settles a few of the user's waiting entries; stops at the first that still cannot be. */
export async function settleUnsettled(store: Store, user: ObjectId): Promise<void> {
  const key = unsettledKey(store, user);
  for (let i = 0; i < SETTLE_PER_INGEST; i++) {
    const json = await store.redis.lpop(key);
    if (json === null) return;
    const entry = JSON.parse(json) as Unsettled;
    try {
      await settle(store, user, entry);
    } catch (error) {
      await keep(store, user, entry, error);
      return;
    }
  }
}

/** Gives back one entry, recording progress in it so a retry never gives anything back twice. */
async function settle(store: Store, user: ObjectId, entry: Unsettled): Promise<void> {
  if (entry.ids.length > 0) {
    const landed = await store.db
      .collection<MessageDoc>(MESSAGES)
      .countDocuments({ _id: { $in: entry.ids }, hole: { $exists: false } }, { limit: 1 });
    if (landed > 0) return;
  }
  if (entry.bytes > 0) {
    await releaseQuota(store, user, entry.bytes);
    entry.bytes = 0;
  }
  if (entry.blobs.length > 0) {
    await releaseRefs(store, entry.blobs);
    entry.blobs = [];
  }
}

async function keep(store: Store, user: ObjectId, entry: Unsettled, cause: unknown) {
  const log = { user, bytes: entry.bytes, blobs: entry.blobs.length };
  try {
    await store.redis.rpush(unsettledKey(store, user), JSON.stringify(entry));
    store.logger.warn({ ...log, err: (cause as Error).message }, 'ingest give-back deferred');
  } catch {
    // Neither store answers: the quota stays charged until `recalculateQuota` repairs it, and
    // the blobs stay referenced (kept, never lost).
    store.logger.error(log, 'ingest give-back lost');
  }
}
