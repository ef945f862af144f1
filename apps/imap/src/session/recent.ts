import type { Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import { lowerBound } from './sequence.js';

/**
 * Raises the mailbox's "highest UID claimed as recent" to ARGV[1] and returns the value before.
 * One Lua script is atomic in Redis, so two sessions (on any instances) that claim at once get
 * disjoint UID ranges: exactly one session sees each new message as \Recent.
 */
const CLAIM_SCRIPT = `
local before = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > before then redis.call('SET', KEYS[1], ARGV[1]) end
return before`;

/** The Redis key holding the highest UID of a mailbox that some session has claimed as recent. */
export function recentKey(store: Pick<Store, 'redisPrefix'>, mailbox: ObjectId): string {
  return `${store.redisPrefix}recent:${mailbox.toHexString()}`;
}

/** The highest UID claimed as recent so far, without claiming (EXAMINE, STATUS). */
export async function peekRecent(store: Store, mailbox: ObjectId): Promise<number> {
  return Number((await store.redis.get(recentKey(store, mailbox))) ?? 0);
}

/**
 * The UIDs above the previous claim and up to `uid` become this session's recent messages
 * (RFC 3501 section 2.3.2: "this session is the first session to have been notified about this
 * message"). Returns the previous claim; the session's range is `(previous, uid]` when larger.
 */
export async function claimRecent(store: Store, mailbox: ObjectId, uid: number): Promise<number> {
  const before = await store.redis.eval(CLAIM_SCRIPT, 1, recentKey(store, mailbox), uid);
  return Number(before);
}

/** Forgets the claim of a deleted mailbox (its id is never used again). */
export async function forgetRecent(store: Store, mailbox: ObjectId): Promise<void> {
  await store.redis.del(recentKey(store, mailbox));
}

/**
 * The UIDs a session sees as \Recent, as ascending, disjoint ranges `[first, last]`: one per
 * claim, so it stays small however many messages a claim covers.
 */
export class RecentUids {
  private readonly ranges: Array<[number, number]> = [];

  /** Adds the UIDs `first..last` (nothing when `last < first`). */
  add(first: number, last: number): void {
    if (last < first) return;
    const previous = this.ranges.at(-1);
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else this.ranges.push([first, last]);
  }

  /** Whether a UID is \Recent in this session. */
  has(uid: number): boolean {
    for (let i = this.ranges.length - 1; i >= 0; i -= 1) {
      const [first, last] = this.ranges[i] as [number, number];
      if (uid > last) return false;
      if (uid >= first) return true;
    }
    return false;
  }

  /** How many of the given ascending UIDs are \Recent (the `* n RECENT` count). */
  count(uids: Uint32Array): number {
    let total = 0;
    for (const [first, last] of this.ranges) {
      total += lowerBound(uids, last + 1) - lowerBound(uids, first);
    }
    return total;
  }
}

/** A message's flags as this session reports them: with `\Recent` when it is recent here. */
export function withRecent(recent: RecentUids, uid: number, flags: readonly string[]): string[] {
  return recent.has(uid) ? [...flags, '\\Recent'] : [...flags];
}
