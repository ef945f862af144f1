import { createHash } from 'node:crypto';
import type { EncodingRecipe, MimePart } from '@mailstore/mime';
import { decodeBody } from '@mailstore/mime';
import type { PartRange } from '../rebuild/layout.js';

/** Smallest non-text body stored as a blob: attachments such as logos repeat across mail. */
export const BLOB_MIN_BYTES = 4 * 1024;
/** Smallest text body stored as a blob: shorter text deflates better inside the layout. */
export const TEXT_BLOB_MIN_BYTES = 32 * 1024;

/** A body that will be stored as a blob. */
export interface PlannedBlob {
  /** SHA-256 of the decoded content, hex: the content address. */
  hash: string;
  decoded: Buffer;
  recipe: EncodingRecipe;
  /** Offsets of the encoded body in the raw message. */
  start: number;
  end: number;
}

/** How a parsed message splits into inline bytes and blobs. */
export interface Plan {
  blobs: PlannedBlob[];
  parts: PartRange[];
}

/** Chooses which bodies become blobs and records every part's offsets. */
export function planMessage(raw: Buffer, root: MimePart): Plan {
  const plan: Plan = { blobs: [], parts: [] };
  visit(raw, root, false, plan);
  return plan;
}

function visit(raw: Buffer, part: MimePart, embedded: boolean, plan: Plan): void {
  const range: PartRange = {
    p: part.partId,
    hs: part.headerStart,
    he: part.bodyStart,
    be: part.bodyEnd,
  };
  if (embedded) range.m = 1;
  plan.parts.push(range);
  if (part.children.length > 0) {
    for (const child of part.children) visit(raw, child, false, plan);
    return;
  }
  if (part.embedded) {
    visit(raw, part.embedded, true, plan);
    return;
  }
  const size = part.bodyEnd - part.bodyStart;
  const threshold = part.contentType.type === 'text' ? TEXT_BLOB_MIN_BYTES : BLOB_MIN_BYTES;
  if (size >= threshold) plan.blobs.push(planBlob(raw, part));
}

function planBlob(raw: Buffer, part: MimePart): PlannedBlob {
  const body = raw.subarray(part.bodyStart, part.bodyEnd);
  // decodeBody verifies that its recipe reproduces the body; null means keep the bytes as
  // they are (an identity recipe), still content-addressed.
  const decoded = decodeBody(raw, part) ?? {
    decoded: body,
    recipe: { encoding: 'identity', lineLength: 0, lineEnding: '\r\n', prefix: '', suffix: '' },
  };
  return {
    hash: createHash('sha256').update(decoded.decoded).digest('hex'),
    decoded: decoded.decoded,
    recipe: decoded.recipe,
    start: part.bodyStart,
    end: part.bodyEnd,
  };
}
