import type { Store } from '../../store.js';
import { BLOB_CHUNKS, BLOB_FILES, type BlobFileDoc } from '../collections.js';
import { withLock } from '../lock.js';
import { blobLock } from './refs.js';

/** How long a blob stays after its last reference went, by default: a day for a late MOVE. */
export const BLOB_GRACE_MS = 24 * 60 * 60 * 1000;
/** An upload unfinished after this long belongs to a dead ingest. */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;
/** First characters of blob ids, walked one range at a time (ids start with a hex hash). */
const HASH_RANGES = '0123456789abcdef';

/** Options of {@link collectGarbage}. */
export interface CollectOptions {
  /** Time a blob must have had no reference before it is deleted. */
  graceMs?: number;
  now?: Date;
}

/** What a collector run did. */
export interface CollectResult {
  /** Blobs that just reached zero and got their grace period started. */
  marked: number;
  /** Blobs deleted with their chunks. */
  deleted: number;
}

/**
 * Deletes blobs nobody has referenced for the grace period, and uploads abandoned by dead
 * ingests. A blob is first claimed with one conditional update (`refs` 0, `state` live, grace
 * over) that flips it to `deleting`; references are only ever taken on `live` blobs by another
 * conditional update, so a racing ingest either wins (and the claim fails) or finds the blob
 * gone and uploads a new generation. The walk goes through the hash space one range at a time,
 * so each query carries the shard key.
 */
export async function collectGarbage(
  store: Store,
  options: CollectOptions = {},
): Promise<CollectResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.graceMs ?? BLOB_GRACE_MS));
  const staleUpload = new Date(now.getTime() - STALE_UPLOAD_MS);
  const files = store.db.collection<BlobFileDoc>(BLOB_FILES);
  const result: CollectResult = { marked: 0, deleted: 0 };
  for (let i = 0; i < HASH_RANGES.length; i++) {
    const range = { $gte: HASH_RANGES[i]!, ...(i + 1 < 16 ? { $lt: HASH_RANGES[i + 1]! } : {}) };
    const candidates = await files
      .find({
        _id: range,
        $or: [
          { 'metadata.refs': { $lte: 0 } },
          { 'metadata.state': 'uploading', uploadDate: { $lte: staleUpload } },
        ],
      })
      .toArray();
    for (const doc of candidates) {
      await withLock(store, blobLock(doc._id), () =>
        collectOne(store, doc, now, cutoff, staleUpload, result),
      );
    }
  }
  return result;
}

async function collectOne(
  store: Store,
  doc: BlobFileDoc,
  now: Date,
  cutoff: Date,
  staleUpload: Date,
  result: CollectResult,
): Promise<void> {
  const files = store.db.collection<BlobFileDoc>(BLOB_FILES);
  const { state, zeroSince } = doc.metadata;
  if (state === 'live' && zeroSince === null) {
    // A release that died between its decrement and stamping zeroSince: stamp it now.
    const marked = await files.updateOne(
      { _id: doc._id, 'metadata.refs': { $lte: 0 }, 'metadata.zeroSince': null },
      { $set: { 'metadata.zeroSince': now } },
    );
    result.marked += marked.modifiedCount;
    return;
  }
  if (state !== 'deleting') {
    const claim =
      state === 'live'
        ? {
            'metadata.state': 'live' as const,
            'metadata.refs': { $lte: 0 },
            'metadata.zeroSince': { $lte: cutoff },
          }
        : { 'metadata.state': 'uploading' as const, uploadDate: { $lte: staleUpload } };
    const claimed = await files.updateOne(
      { _id: doc._id, ...claim },
      { $set: { 'metadata.state': 'deleting' } },
    );
    if (claimed.modifiedCount !== 1) return;
  }
  // Chunks first: a files document in state `deleting` marks unfinished work for the next run.
  await store.db.collection(BLOB_CHUNKS).deleteMany({ files_id: doc._id });
  await files.deleteOne({ _id: doc._id, 'metadata.state': 'deleting' });
  result.deleted++;
}
