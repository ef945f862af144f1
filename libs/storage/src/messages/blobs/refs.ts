import type { Store } from '../../store.js';
import { BLOB_FILES, type BlobFileDoc } from '../collections.js';
import { withLock } from '../lock.js';

/**
 * Adds `count` references to a blob if it is live; false when it is missing, still uploading or
 * being collected. The increment is conditional on `state: 'live'`, and the collector claims a
 * blob only while `refs` is 0: whichever single-document update lands first wins, so a blob is
 * never deleted under a fresh reference (see README, "Garbage collection").
 */
export async function takeRefs(store: Store, id: string, count: number): Promise<boolean> {
  return withLock(store, blobLock(id), async () => {
    const result = await store.db
      .collection<BlobFileDoc>(BLOB_FILES)
      .updateOne(
        { _id: id, 'metadata.state': 'live' },
        { $inc: { 'metadata.refs': count }, $set: { 'metadata.zeroSince': null } },
      );
    return result.matchedCount === 1;
  });
}

/** The lock that serializes reference counting and collection of one blob. */
export function blobLock(id: string): string[] {
  return ['blob', id];
}

/**
 * Releases references: `ids` may repeat an id once per reference. A blob that reaches zero gets
 * `zeroSince`, from which the collector's grace period runs.
 */
export async function releaseRefs(store: Store, ids: readonly string[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, count] of counts) {
    await withLock(store, blobLock(id), () => release(store, id, count));
  }
}

async function release(store: Store, id: string, count: number, token?: string): Promise<void> {
  const files = store.db.collection<BlobFileDoc>(BLOB_FILES);
  let givenBack: { 'metadata.givenBack': string[] } | undefined;
  if (token !== undefined) {
    const doc = await files.findOne({ _id: id }, { projection: { 'metadata.givenBack': 1 } });
    if (!doc) return;
    const kept = (doc.metadata.givenBack ?? []).slice(1 - GIVE_BACKS_REMEMBERED);
    givenBack = { 'metadata.givenBack': [...kept, token] };
  }
  let after: BlobFileDoc | null;
  try {
    after = await files.findOneAndUpdate(
      { _id: id },
      { $inc: { 'metadata.refs': -count }, ...(givenBack ? { $set: givenBack } : {}) },
      { returnDocument: 'after' },
    );
  } catch (error) {
    throw new UncertainReleaseError(id, error);
  }
  // Under the blob's lock nobody takes a reference meanwhile: stamp the start of the grace.
  if (after && after.metadata.refs <= 0) {
    await files.updateOne({ _id: id }, { $set: { 'metadata.zeroSince': new Date() } });
  }
}

/**
 * Give-backs remembered on a blob, newest last, so that one whose reply was lost can be looked up.
 * A failed ingest's give-back is settled long before this many others reach the same blob.
 */
export const GIVE_BACKS_REMEMBERED = 16;

/** The reply to a decrement of a blob's references was lost: it may or may not have been made. */
export class UncertainReleaseError extends Error {
  constructor(
    readonly id: string,
    override readonly cause: unknown,
  ) {
    super(`release of blob ${id} has an unknown outcome: ${(cause as Error).message}`);
    this.name = 'UncertainReleaseError';
  }
}

/**
 * Gives back `count` references a failed ingest took on one blob, recording `token` with the
 * decrement so that {@link givenBack} can tell later whether a give-back whose reply was lost
 * was made. Throws {@link UncertainReleaseError} when the reply is lost.
 */
export async function giveBackRefs(
  store: Store,
  id: string,
  count: number,
  token: string,
): Promise<void> {
  await withLock(store, blobLock(id), () => release(store, id, count, token));
}

/**
 * Whether the give-back with `token` was made: undefined when too many came after it to tell,
 * and true when the blob is gone (nothing is left to give back).
 */
export async function givenBack(
  store: Store,
  id: string,
  token: string,
): Promise<boolean | undefined> {
  const doc = await store.db
    .collection<BlobFileDoc>(BLOB_FILES)
    .findOne({ _id: id }, { projection: { 'metadata.givenBack': 1 } });
  if (!doc) return true;
  const tokens = doc.metadata.givenBack ?? [];
  if (tokens.includes(token)) return true;
  return tokens.length < GIVE_BACKS_REMEMBERED ? false : undefined;
}
