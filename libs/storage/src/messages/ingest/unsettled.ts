import { randomBytes } from 'node:crypto';
import { redisKey } from '@mailstore/db';
import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { giveBackRefs, givenBack, UncertainReleaseError } from '../blobs/refs.js';
import { MESSAGES, type MessageDoc } from '../collections.js';
import {
  quotaChangeMade,
  releaseQuota,
  reserveQuota,
  UncertainQuotaError,
  type QuotaChange,
} from '../quota.js';

/** Unsettled ingests settled at the start of one ingest, so a long backlog costs no one much. */
const SETTLE_PER_INGEST = 10;

/**
 * What a failed ingest or copy took and must give back: quota bytes and blob references. Every
 * step records its progress in the entry, and a step whose reply was lost leaves a token to look
 * up, so a retry never gives anything back twice: a blob given back one reference too many could
 * be collected while a message still needs it.
 */
export interface Unsettled {
  /** Quota bytes charged, to give back. */
  bytes: number;
  /** Blob ids, once per reference taken, to give back. */
  blobs: string[];
  /**
   * Message `_id`s an insert with a lost reply may have written: if one of them exists, the
   * message owns the charge and the references, and nothing is given back.
   */
  ids: string[];
  /** The charge of `bytes`, when its reply was lost: given back only if it was made. */
  charge?: QuotaChange;
  /** The give-back of `bytes`, when its reply was lost. */
  release?: QuotaChange;
  /** Tokens of blob give-backs whose replies were lost, by blob id. */
  released?: Record<string, string>;
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

/**
 * Charges the quota; a charge whose reply was lost is left to the give-back, which gives it back
 * if it was made.
 */
export async function chargeQuota(store: Store, user: ObjectId, bytes: number): Promise<void> {
  try {
    await reserveQuota(store, user, bytes);
  } catch (error) {
    if (error instanceof UncertainQuotaError) {
      await giveBack(store, user, { bytes, blobs: [], ids: [], charge: error.change });
    }
    throw error;
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
    entry.ids = [];
  }
  await settleQuota(store, user, entry);
  await settleBlobs(store, entry);
}

async function settleQuota(store: Store, user: ObjectId, entry: Unsettled): Promise<void> {
  if (entry.charge) {
    const made = await quotaChangeMade(store, user, entry.charge);
    // Unknown: keep the charge (quota.used a copy high, never low; recalculateQuota repairs).
    if (made !== true) entry.bytes = 0;
    if (made === undefined) store.logger.warn({ user, ...entry.charge }, 'quota charge unknown');
    delete entry.charge;
  }
  if (entry.release) {
    const made = await quotaChangeMade(store, user, entry.release);
    if (made !== false) entry.bytes = 0;
    if (made === undefined) store.logger.warn({ user, ...entry.release }, 'quota release unknown');
    delete entry.release;
  }
  if (entry.bytes === 0) return;
  try {
    await releaseQuota(store, user, entry.bytes);
  } catch (error) {
    if (error instanceof UncertainQuotaError) entry.release = error.change;
    throw error;
  }
  entry.bytes = 0;
}

async function settleBlobs(store: Store, entry: Unsettled): Promise<void> {
  const released = (entry.released ??= {});
  while (entry.blobs.length > 0) {
    const id = entry.blobs[0]!;
    const count = entry.blobs.filter((blob) => blob === id).length;
    const token = released[id];
    const made = token === undefined ? false : await givenBack(store, id, token);
    // Unknown: keep the references (the blob outlives its messages, never the reverse).
    if (made === undefined) store.logger.warn({ blob: id }, 'blob give-back unknown');
    if (made === false) {
      const attempt = randomBytes(9).toString('base64url');
      try {
        await giveBackRefs(store, id, count, attempt);
      } catch (error) {
        if (error instanceof UncertainReleaseError) released[id] = attempt;
        throw error;
      }
    }
    entry.blobs = entry.blobs.filter((blob) => blob !== id);
    delete released[id];
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
