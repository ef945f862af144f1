// Measures what the store wrote: the BSON size of every document of its collections, which for
// GridFS chunks includes the blob bytes. This is the size before any engine compression.
import {
  BLOB_CHUNKS,
  BLOB_FILES,
  JOURNAL,
  MESSAGES,
  THREADS,
  type Store,
} from '@mailstore/storage';
import { BSON } from 'mongodb';

/** Collections the message store writes. */
export const STORE_COLLECTIONS = [MESSAGES, JOURNAL, THREADS, BLOB_FILES, BLOB_CHUNKS];

/** Sums the BSON size of every document the message store wrote, per collection. */
export async function storedBytes(
  store: Store,
): Promise<{ total: number; byCollection: Record<string, number> }> {
  const byCollection: Record<string, number> = {};
  let total = 0;
  for (const name of STORE_COLLECTIONS) {
    let bytes = 0;
    for await (const doc of store.db.collection(name).find({}))
      bytes += BSON.calculateObjectSize(doc);
    byCollection[name] = bytes;
    total += bytes;
  }
  return { total, byCollection };
}
