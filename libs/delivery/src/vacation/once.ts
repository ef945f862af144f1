import { createHash } from 'node:crypto';
import { redisKey } from '@mailstore/db';
import type { Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';

const SECONDS_PER_DAY = 86_400;

/**
 * Claims the one autoreply the user may send to this sender within `days` (RFC 3834 section 2:
 * "SHOULD NOT" reply more than once in a period of days). SET NX with an expiry makes the claim
 * atomic across instances and lets Redis forget it when the period ends. True when claimed.
 */
export async function claimAutoreply(
  store: Store,
  user: ObjectId,
  sender: string,
  days: number,
): Promise<boolean> {
  const senderHash = createHash('sha256').update(sender.toLowerCase()).digest('hex');
  const key = redisKey(store.redisPrefix, 'autoreply', user.toHexString(), senderHash);
  const result = await store.redis.set(key, '1', 'EX', days * SECONDS_PER_DAY, 'NX');
  return result === 'OK';
}

/** Gives the claim back, when the reply could not be queued after all. */
export async function releaseAutoreply(store: Store, user: ObjectId, sender: string) {
  const senderHash = createHash('sha256').update(sender.toLowerCase()).digest('hex');
  await store.redis.del(redisKey(store.redisPrefix, 'autoreply', user.toHexString(), senderHash));
}
