import { pipeline, Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { Store } from '../../store.js';
import { BLOB_CHUNKS, type BlobChunkDoc } from '../collections.js';
import { BlobMissingError } from '../errors.js';
import { chunkId, isDeflatedId } from './ids.js';
import { cut } from '../rebuild/range.js';
import { BLOB_CHUNK_BYTES } from './write.js';

/** Chunks fetched ahead while streaming a blob (about 1 MiB in memory at most). */
const CHUNK_PREFETCH = 4;

/**
 * Streams a blob's stored chunks in order by exact `_id`, a few ahead, from chunk `first` on. A
 * chunk shorter than the chunk size is the last; a full one is followed by a lookup that may
 * find nothing.
 */
async function* storedChunks(store: Store, id: string, first = 0): AsyncGenerator<Buffer> {
  const chunks = store.db.collection<BlobChunkDoc>(BLOB_CHUNKS);
  const fetch = (n: number) => chunks.findOne({ _id: chunkId(id, n) });
  // Most blobs are one chunk: read it alone, then read ahead.
  for (let n = first, ahead = 1; ; n += ahead, ahead = CHUNK_PREFETCH) {
    const batch = await Promise.all(Array.from({ length: ahead }, (_, i) => fetch(n + i)));
    for (const [i, chunk] of batch.entries()) {
      if (!chunk) {
        if (n + i === first) throw new BlobMissingError(id);
        return;
      }
      const data = Buffer.from(chunk.data.buffer);
      yield data;
      if (data.length < BLOB_CHUNK_BYTES) return;
    }
  }
}

/** Streams the content of a blob (inflated when it was stored deflated). */
export async function* blobContent(store: Store, id: string): AsyncGenerator<Buffer> {
  if (!isDeflatedId(id)) {
    yield* storedChunks(store, id);
    return;
  }
  const inflate = createInflateRaw();
  // pipeline() destroys both sides on an error or an early stop by the consumer.
  pipeline(Readable.from(storedChunks(store, id)), inflate, () => undefined);
  for await (const chunk of inflate) yield chunk as Buffer;
}

/**
 * Streams bytes [start, end) of a blob's content. A blob stored as it is is read from the chunk
 * that holds `start`; a deflated one is inflated from its start (deflate has no seek points).
 * Reading stops once `end` is reached.
 */
export async function* blobRange(
  store: Store,
  id: string,
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  if (start >= end) return;
  if (isDeflatedId(id)) {
    yield* cut(blobContent(store, id), start, end);
    return;
  }
  const first = Math.floor(start / BLOB_CHUNK_BYTES);
  const from = start - first * BLOB_CHUNK_BYTES;
  yield* cut(storedChunks(store, id, first), from, end - first * BLOB_CHUNK_BYTES);
}

/** Reads a whole blob into memory: only for small blobs such as message layouts. */
export async function readBlob(store: Store, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of blobContent(store, id)) parts.push(chunk);
  return Buffer.concat(parts);
}
