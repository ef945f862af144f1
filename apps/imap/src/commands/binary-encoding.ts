import type { FetchAttribute } from '@mailstore/imap-proto';
import type { BodyStructure } from '@mailstore/mime';
import type { MessageDoc } from '@mailstore/storage';

/** A BINARY[section]<partial> or BINARY.PEEK item (RFC 3516 section 4.2). */
export type BinaryAttribute = Extract<FetchAttribute, { item: 'BINARY[]' }>;

/** A BINARY.SIZE[section] item (RFC 3516 section 4.2). */
export type BinarySizeAttribute = Extract<FetchAttribute, { item: 'BINARY.SIZE' }>;

/** Content-Transfer-Encodings whose decoding is the identity (RFC 2045 section 6.2). */
export const IDENTITY_ENCODINGS = new Set(['7bit', '8bit', 'binary']);

/** Content-Transfer-Encodings BINARY removes (RFC 2045 sections 6.7 and 6.8). */
const DECODABLE = new Set([...IDENTITY_ENCODINGS, 'base64', 'quoted-printable']);

/** A part whose Content-Transfer-Encoding the server cannot decode: NO [UNKNOWN-CTE]. */
export class UnknownCteError extends Error {
  constructor(readonly encoding: string) {
    super(`unknown Content-Transfer-Encoding ${encoding}`);
  }
}

/** Whether a FETCH item is BINARY[section]<partial> or BINARY.PEEK. */
export function isBinaryAttribute(attribute: FetchAttribute): attribute is BinaryAttribute {
  return attribute.item === 'BINARY[]';
}

/**
 * The body structure node a section-part names, as BODY[part] does: part 1 of a non-multipart
 * body is the body itself, and numbers after a message/rfc822 part go into its message.
 */
function nodeAt(root: BodyStructure, part: readonly number[]): BodyStructure | null {
  let node: BodyStructure | null = root;
  for (const [index, number] of part.entries()) {
    if (index > 0 && node.kind === 'message') node = node.body;
    if (!node) return null;
    if (node.kind === 'multipart') node = node.children[number - 1] ?? null;
    else if (number !== 1) return null;
    if (!node) return null;
  }
  return node;
}

/**
 * The Content-Transfer-Encoding to remove from a section. The whole message, multiparts and
 * message/rfc822 parts can only be 7bit, 8bit or binary (RFC 2046 sections 5.1 and 5.2.1):
 * their bytes are returned as they are.
 */
export function encodingOf(message: MessageDoc, part: readonly number[]): string | null {
  if (part.length === 0) return 'binary';
  if (!message.bodyStructure) return null;
  const node = nodeAt(message.bodyStructure as BodyStructure, part);
  if (!node) return null;
  if (node.kind === 'multipart' || node.kind === 'message') return 'binary';
  return node.encoding.toLowerCase();
}

/**
 * Throws UnknownCteError when a BINARY item of the FETCH names a part whose encoding cannot be
 * removed, before any \Seen is set (RFC 3516 section 4.2: NO [UNKNOWN-CTE]).
 */
export function checkBinaryEncodings(
  message: MessageDoc,
  attributes: readonly (BinaryAttribute | BinarySizeAttribute)[],
): void {
  for (const attribute of attributes) {
    const encoding = encodingOf(message, attribute.part);
    if (encoding !== null && !DECODABLE.has(encoding)) throw new UnknownCteError(encoding);
  }
}
