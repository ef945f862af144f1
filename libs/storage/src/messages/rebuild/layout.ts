import type { EncodingRecipe } from '@mailstore/mime';
import { BSON } from 'mongodb';

/** Bytes of the message kept in the layout itself (headers, boundaries, small bodies). */
export interface InlineSegment {
  r: Buffer;
}

/** A body stored as a content-addressed blob, re-encoded with its recipe on the way out. */
export interface BlobSegment {
  /** Blob id. */
  b: string;
  /** Recipe that turns the decoded blob back into the original bytes. */
  rc: EncodingRecipe;
  /** Length of the encoded bytes this segment produces. */
  n: number;
}

/** One piece of the message, in byte order. */
export type Segment = InlineSegment | BlobSegment;

/** Byte offsets of one MIME node (RFC 3501 section 6.4.5 sections are cut from these). */
export interface PartRange {
  /** IMAP part number ('' for the top level message). */
  p: string;
  /** Header start, header end (= body start), body end. */
  hs: number;
  he: number;
  be: number;
  /** 1 on the node of a message embedded in a message/rfc822 part (same `p` as that part). */
  m?: 1;
}

/**
 * Everything needed to rebuild a message byte for byte, stored as one BSON blob shared
 * by every copy of the same message. Flat arrays only: no arrays of arrays (FerretDB).
 */
export interface Layout {
  v: 1;
  /** Exact byte length of the message. */
  size: number;
  segs: Segment[];
  parts: PartRange[];
  /** Text for SEARCH BODY/TEXT (RFC 3501 section 6.4.4), bounded. */
  text: string;
}

/** True for a segment stored as a blob. */
export function isBlobSegment(segment: Segment): segment is BlobSegment {
  return (segment as BlobSegment).b !== undefined;
}

/** Serializes a layout as BSON, so binary bytes stay binary (the blob store deflates it). */
export function encodeLayout(layout: Layout): Buffer {
  return Buffer.from(BSON.serialize(layout));
}

/** Reads back a layout written by {@link encodeLayout}. */
export function decodeLayout(bytes: Buffer): Layout {
  const doc = BSON.deserialize(bytes, { promoteBuffers: true });
  return doc as unknown as Layout;
}

/** Length of the bytes a segment produces. */
export function segmentLength(segment: Segment): number {
  return isBlobSegment(segment) ? segment.n : segment.r.length;
}
