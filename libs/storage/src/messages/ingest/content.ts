import { createHash } from 'node:crypto';
import type { Store } from '../../store.js';
import { releaseRefs } from '../blobs/refs.js';
import { putBlob } from '../blobs/write.js';
import { encodeLayout, isBlobSegment, type Layout } from '../rebuild/layout.js';
import type { PreparedMessage } from './prepare.js';

/** The blobs an ingested message references, one reference each taken for it. */
export interface StoredContent {
  /** Blob id of the layout. */
  source: string;
  /** The layout first, then every body blob (repeated when a body repeats). */
  blobs: string[];
}

/**
 * Stores the bodies and the layout of a prepared message, taking one reference on each blob.
 * The layout is content-addressed too, so the same message delivered to many users is stored
 * once. On failure every reference taken so far is released.
 */
export async function storeContent(
  store: Store,
  prepared: PreparedMessage,
): Promise<StoredContent> {
  const taken: string[] = [];
  try {
    const idByHash = new Map<string, string>();
    for (const blob of prepared.blobs) {
      const id = await putBlob(store, blob.hash, blob.decoded);
      taken.push(id);
      idByHash.set(blob.hash, id);
    }
    const layout: Layout = {
      ...prepared.layout,
      segs: prepared.layout.segs.map((segment) =>
        isBlobSegment(segment) ? { ...segment, b: idByHash.get(segment.b)! } : segment,
      ),
    };
    const bytes = encodeLayout(layout);
    const source = await putBlob(store, createHash('sha256').update(bytes).digest('hex'), bytes);
    return { source, blobs: [source, ...taken] };
  } catch (error) {
    await releaseRefs(store, taken);
    throw error;
  }
}
