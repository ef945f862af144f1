import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { Binary } from 'mongodb';
import type { Store } from '../../store.js';
import { putBlob } from '../blobs/write.js';
import { encodeLayout, isBlobSegment, type Layout } from '../rebuild/layout.js';
import type { PreparedMessage } from './prepare.js';

/** The blobs an ingested message references, one reference each taken for it. */
export interface StoredContent {
  /** The layout, raw-deflated, when it is small enough to live in the message document. */
  layout?: Binary;
  /** Blob id of the layout otherwise. */
  source?: string;
  /** Every blob referenced (the layout blob first, then bodies, repeated when a body repeats). */
  blobs: string[];
}

/**
 * Largest layout kept inside the message document: most layouts are headers and a short text,
 * which deflate to a few KiB; a blob costs four more writes per ingest.
 */
export const INLINE_LAYOUT_MAX_BYTES = 64 * 1024;

/**
 * Stores the bodies and the layout of a prepared message, taking one reference on each blob.
 * The layout is content-addressed too, so the same message delivered to many users is stored
 * once. Each reference taken is pushed to `taken` as it is, so that on failure the caller gives
 * back exactly those (see ingest/unsettled.ts).
 */
export async function storeContent(
  store: Store,
  prepared: PreparedMessage,
  taken: string[],
): Promise<StoredContent> {
  const bodies: string[] = [];
  const idByHash = new Map<string, string>();
  for (const blob of prepared.blobs) {
    const id = await putBlob(store, blob.hash, blob.decoded);
    taken.push(id);
    bodies.push(id);
    idByHash.set(blob.hash, id);
  }
  const layout: Layout = {
    ...prepared.layout,
    segs: prepared.layout.segs.map((segment) =>
      isBlobSegment(segment) ? { ...segment, b: idByHash.get(segment.b)! } : segment,
    ),
  };
  const bytes = encodeLayout(layout);
  if (bytes.length <= INLINE_LAYOUT_MAX_BYTES) {
    return { layout: new Binary(deflateRawSync(bytes)), blobs: bodies };
  }
  const source = await putBlob(store, createHash('sha256').update(bytes).digest('hex'), bytes);
  taken.push(source);
  return { source, blobs: [source, ...bodies] };
}
