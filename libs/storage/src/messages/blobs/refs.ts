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

async function release(store: Store, id: string, count: number): Promise<void> {
  const files = store.db.collection<BlobFileDoc>(BLOB_FILES);
  const after = await files.findOneAndUpdate(
    { _id: id },
    { $inc: { 'metadata.refs': -count } },
    { returnDocument: 'after' },
  );
  // Under the blob's lock nobody takes a reference meanwhile: stamp the start of the grace.
  if (after && after.metadata.refs <= 0) {
    await files.updateOne({ _id: id }, { $set: { 'metadata.zeroSince': new Date() } });
  }
}
