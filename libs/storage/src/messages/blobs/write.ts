import { deflateRawSync } from 'node:zlib';
import { Binary } from 'mongodb';
import type { Store } from '../../store.js';
import { BLOB_CHUNKS, BLOB_FILES, type BlobChunkDoc, type BlobFileDoc } from '../collections.js';
import { blobId, chunkId } from './ids.js';
import { takeRefs } from './refs.js';

/** GridFS chunk size: the GridFS default, well under the 16 MiB document limit. */
export const BLOB_CHUNK_BYTES = 255 * 1024;
/** Bytes deflated as a sample to decide whether a blob compresses (saves time on JPEG, ZIP). */
const COMPRESSION_SAMPLE_BYTES = 64 * 1024;
/** Deflate is used when the sample shrinks by at least this share. */
const MIN_COMPRESSION_SAVING = 0.1;
/** Generations tried per hash: a new one starts only while an old one is being collected. */
const MAX_GENERATIONS = 8;
/** Longest wait for another ingest's upload of the same content before storing a new copy. */
const UPLOAD_WAIT_MS = 60_000;
/** Pause between looks at another ingest's upload. */
const UPLOAD_POLL_MS = 50;

/**
 * Returns the id of a live blob holding `content`, with one reference taken for the caller:
 * an existing generation when one is live, else a new upload. An ingest that meets the same
 * content being uploaded by another waits for it instead of storing a second copy.
 */
export async function putBlob(store: Store, hash: string, content: Buffer): Promise<string> {
  const deflated = compresses(content);
  for (let generation = 0; generation < MAX_GENERATIONS; generation++) {
    const id = blobId(hash, generation, deflated);
    const started = Date.now();
    for (;;) {
      if (await takeRefs(store, id, 1)) return id;
      if (await claim(store, id, hash, content)) {
        await writeChunks(store, id, deflated ? deflateRawSync(content) : content);
        return id;
      }
      const doc = await store.db.collection<BlobFileDoc>(BLOB_FILES).findOne({ _id: id });
      // Gone (collected) or just finished (live): try again. Being collected: next generation.
      if (!doc || doc.metadata.state === 'live') continue;
      if (doc.metadata.state === 'deleting' || Date.now() - started > UPLOAD_WAIT_MS) break;
      await new Promise((resolve) => setTimeout(resolve, UPLOAD_POLL_MS));
    }
  }
  throw new Error(`blob ${hash}: no free generation`);
}

/**
 * Claims a generation by inserting its files document: the unique _id settles a race. The
 * document keeps the content's size and whether it holds NUL, which readers use without
 * reading the chunks.
 */
async function claim(store: Store, id: string, hash: string, content: Buffer): Promise<boolean> {
  const size = content.length;
  const nul = content.includes(0);
  try {
    await store.db.collection<BlobFileDoc>(BLOB_FILES).insertOne({
      _id: id,
      length: 0,
      chunkSize: BLOB_CHUNK_BYTES,
      uploadDate: new Date(),
      filename: hash,
      metadata: { refs: 1, zeroSince: null, state: 'uploading', size, nul },
    });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/** True when the content is worth storing deflated, judged on a sample (deterministic). */
function compresses(content: Buffer): boolean {
  if (content.length < 64) return false;
  const sample = content.subarray(0, COMPRESSION_SAMPLE_BYTES);
  return deflateRawSync(sample).length <= sample.length * (1 - MIN_COMPRESSION_SAVING);
}

/** Writes the chunks, then marks the claimed files document live with its length. */
async function writeChunks(store: Store, id: string, bytes: Buffer): Promise<void> {
  const chunks: BlobChunkDoc[] = [];
  for (let n = 0, offset = 0; offset < bytes.length || n === 0; n++, offset += BLOB_CHUNK_BYTES) {
    const data = bytes.subarray(offset, offset + BLOB_CHUNK_BYTES);
    chunks.push({ _id: chunkId(id, n), files_id: id, n, data: new Binary(data) });
  }
  await store.db.collection<BlobChunkDoc>(BLOB_CHUNKS).insertMany(chunks);
  const done = await store.db
    .collection<BlobFileDoc>(BLOB_FILES)
    .updateOne(
      { _id: id, 'metadata.state': 'uploading' },
      { $set: { length: bytes.length, 'metadata.state': 'live' } },
    );
  // The collector took this upload for abandoned: fail the ingest rather than lose the bytes.
  if (done.matchedCount !== 1) throw new Error(`blob ${id}: upload expired before it finished`);
}
