import type { EncodingRecipe } from '@mailstore/mime';
import type { Store } from '../../store.js';
import { blobRange } from '../blobs/read.js';
import { BLOB_FILES, type BlobFileDoc } from '../collections.js';
import { BlobMissingError } from '../errors.js';
import { isBlobSegment, segmentLength, type BlobSegment, type Layout } from './layout.js';
import { sectionRange } from './section.js';

/**
 * The stored content of a part whose whole body is one blob (see ingest/plan.ts): the body
 * transfer-decoded by `decodeBody`, with the recipe that re-encodes it. Readers that want the
 * decoded bytes (IMAP BINARY) read it as it is, instead of re-encoding and decoding it again.
 */
export interface BodyBlob {
  /** The recipe that turns the content into the part's body bytes. */
  recipe: EncodingRecipe;
  /** Byte length of the content, kept at ingest. */
  size: number;
  /** Whether the content holds a NUL octet; null for blobs stored before this was kept. */
  nul: boolean | null;
  /** Streams bytes [start, end) of the content (see {@link blobRange}). */
  read(start: number, end: number): AsyncGenerator<Buffer>;
}

/** The blob segment that makes up the whole body [start, end), if one does. */
function bodySegment(layout: Layout, start: number, end: number): BlobSegment | null {
  let offset = 0;
  for (const segment of layout.segs) {
    if (offset > start) return null;
    const length = segmentLength(segment);
    if (offset === start && isBlobSegment(segment) && length === end - start) return segment;
    offset += length;
  }
  return null;
}

/**
 * The blob holding the body of part `part` (an IMAP part number, RFC 3501 section 6.4.5), with
 * its size and NUL flag read from the blob's files document; null when the part does not exist
 * or its body is not one blob (kept inline, or the message kept as it came).
 */
export async function findBodyBlob(
  store: Store,
  layout: Layout,
  part: string,
): Promise<BodyBlob | null> {
  const range = sectionRange(layout.parts, layout.size, { part, text: '' });
  if (!range) return null;
  const segment = bodySegment(layout, range.start, range.end);
  if (!segment) return null;
  const files = store.db.collection<BlobFileDoc>(BLOB_FILES);
  const doc = await files.findOne({ _id: segment.b }, { projection: { metadata: 1 } });
  if (!doc) throw new BlobMissingError(segment.b);
  return {
    recipe: segment.rc,
    size: doc.metadata.size,
    nul: doc.metadata.nul ?? null,
    read: (start, end) => blobRange(store, segment.b, start, end),
  };
}
