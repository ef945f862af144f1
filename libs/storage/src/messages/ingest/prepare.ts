import { createHash } from 'node:crypto';
import type { MimePart } from '@mailstore/mime';
import type { Layout, Segment } from '../rebuild/layout.js';
import { rangeBytes } from '../rebuild/range.js';
import { planMessage, type PlannedBlob } from './plan.js';

/** Decoded blob content is replayed in pieces this size when an ingest verifies its layout. */
const VERIFY_PIECE_BYTES = 64 * 1024;

/** A parsed message, split into a layout and the blobs it references, verified byte-exact. */
export interface PreparedMessage {
  raw: Buffer;
  /** SHA-256 of the raw message, hex. */
  sha256: string;
  root: MimePart;
  /** The layout, with each blob segment's `b` holding the blob's content hash until stored. */
  layout: Layout;
  blobs: PlannedBlob[];
}

/**
 * Parses a message and plans its storage, then rebuilds it from the plan and compares: only a
 * plan that reproduces every byte is kept. Otherwise the message is kept whole in its layout.
 */
export async function prepareMessage(
  raw: Buffer,
  root: MimePart,
  text: string,
): Promise<PreparedMessage> {
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const plan = planMessage(raw, root);
  const layout: Layout = {
    v: 1,
    size: raw.length,
    segs: buildSegments(raw, plan.blobs),
    parts: plan.parts,
    text,
  };
  if (await rebuildsExactly(layout, plan.blobs, sha256)) {
    return { raw, sha256, root, layout, blobs: plan.blobs };
  }
  return { raw, sha256, root, layout: { ...layout, segs: buildSegments(raw, []) }, blobs: [] };
}

/** Cuts the message into inline bytes between the blob bodies. */
function buildSegments(raw: Buffer, blobs: readonly PlannedBlob[]): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  for (const blob of blobs) {
    if (blob.start > cursor) segments.push({ r: raw.subarray(cursor, blob.start) });
    segments.push({ b: blob.hash, rc: blob.recipe, n: blob.end - blob.start });
    cursor = blob.end;
  }
  if (cursor < raw.length || segments.length === 0) segments.push({ r: raw.subarray(cursor) });
  return segments;
}

async function rebuildsExactly(
  layout: Layout,
  blobs: readonly PlannedBlob[],
  sha256: string,
): Promise<boolean> {
  const byHash = new Map(blobs.map((blob) => [blob.hash, blob.decoded]));
  const hash = createHash('sha256');
  // The same code path as a read from the database, fed from memory.
  const source = (id: string): Iterable<Buffer> => {
    const decoded = byHash.get(id) ?? Buffer.alloc(0);
    const pieces: Buffer[] = [];
    for (let i = 0; i < decoded.length; i += VERIFY_PIECE_BYTES) {
      pieces.push(decoded.subarray(i, i + VERIFY_PIECE_BYTES));
    }
    return pieces;
  };
  let length = 0;
  for await (const chunk of rangeBytes(layout.segs, 0, layout.size, source)) {
    hash.update(chunk);
    length += chunk.length;
  }
  return length === layout.size && hash.digest('hex') === sha256;
}
