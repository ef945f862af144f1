import { buffer } from 'node:stream/consumers';
import type { FetchAttribute } from '@mailstore/imap-proto';
import { qpDecode, type BodyStructure } from '@mailstore/mime';
import { MAX_MESSAGE_BYTES, openMessage, type MessageDoc } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { STREAM_SECTION_MIN_BYTES, type BodyValue } from './fetch-body.js';

/** A BINARY[section]<partial> or BINARY.PEEK item (RFC 3516 section 4.2). */
export type BinaryAttribute = Extract<FetchAttribute, { item: 'BINARY[]' }>;

/** A BINARY.SIZE[section] item (RFC 3516 section 4.2). */
export type BinarySizeAttribute = Extract<FetchAttribute, { item: 'BINARY.SIZE' }>;

/**
 * The largest encoded part BINARY decodes, in memory: as large as a message may be, so every
 * stored part decodes. Base64 and quoted-printable parts are read whole and decoded (at most
 * one part at a time per session); 7bit, 8bit and binary ones are streamed as they are.
 * TODO(#5): stream the decoded blob of a large base64/quoted-printable part instead.
 */
export const MAX_BINARY_DECODE_BYTES = MAX_MESSAGE_BYTES;

/** Content-Transfer-Encodings whose decoding is the identity (RFC 2045 section 6.2). */
const IDENTITY_ENCODINGS = new Set(['7bit', '8bit', 'binary']);

/** Content-Transfer-Encodings BINARY removes (RFC 2045 sections 6.7 and 6.8). */
const DECODABLE = new Set([...IDENTITY_ENCODINGS, 'base64', 'quoted-printable']);

/** A part whose Content-Transfer-Encoding the server cannot decode: NO [UNKNOWN-CTE]. */
export class UnknownCteError extends Error {
  constructor(readonly encoding: string) {
    super(`unknown Content-Transfer-Encoding ${encoding}`);
  }
}

/** A part too large to decode in memory: NO [LIMIT]. */
export class BinaryTooLargeError extends Error {}

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
function encodingOf(message: MessageDoc, part: readonly number[]): string | null {
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

/** The bytes of a section with its Content-Transfer-Encoding removed. */
function decode(bytes: Buffer, encoding: string): Buffer {
  if (IDENTITY_ENCODINGS.has(encoding)) return bytes;
  if (encoding === 'base64') return Buffer.from(bytes.toString('latin1'), 'base64');
  if (encoding === 'quoted-printable') return qpDecode(bytes);
  throw new UnknownCteError(encoding);
}

/** The decoded bytes of a section, read whole; null when the message has no such part. */
async function decodedSection(
  session: Session,
  message: MessageDoc,
  part: readonly number[],
): Promise<Buffer | null> {
  const encoding = encodingOf(message, part);
  if (encoding === null) return null;
  if (!DECODABLE.has(encoding)) throw new UnknownCteError(encoding);
  const spec = { part: part.join('.'), text: '' as const };
  const section = await openPart(session, message, spec);
  if (!section) return null;
  if (section.length > MAX_BINARY_DECODE_BYTES) {
    section.stream.destroy();
    throw new BinaryTooLargeError(`part larger than ${MAX_BINARY_DECODE_BYTES} octets`);
  }
  return decode(await buffer(section.stream), encoding);
}

/** Opens the bytes of a section of the message (see openMessage of the store). */
function openPart(
  session: Session,
  message: MessageDoc,
  spec: Parameters<typeof openMessage>[4],
): ReturnType<typeof openMessage> {
  return openMessage(session.env.store, session.userId, message.mailbox, message.uid, spec);
}

/**
 * Opens one BINARY item. An identity-encoded section larger than STREAM_SECTION_MIN_BYTES is
 * streamed as it is, a literal8 when its encoding is `binary`; others are decoded in memory and
 * go as a literal8 only when they hold NUL (RFC 3516 section 4.3 says a string SHOULD be used
 * otherwise). A part the message lacks reads as the empty string, as for BODY[].
 */
export async function openBinaryItem(
  session: Session,
  message: MessageDoc,
  attribute: BinaryAttribute,
): Promise<BodyValue> {
  const { part, partial } = attribute;
  const origin = partial ? `<${partial.origin}>` : '';
  const name = `BINARY[${part.join('.')}]${origin}`;
  const encoding = encodingOf(message, part);
  if (encoding !== null && IDENTITY_ENCODINGS.has(encoding)) {
    const range = partial ? { start: partial.origin, length: partial.length } : {};
    const section = await openPart(session, message, { part: part.join('.'), ...range });
    if (section && section.length > STREAM_SECTION_MIN_BYTES) {
      const binary = encoding === 'binary';
      return { name, length: section.length, stream: section.stream, binary };
    }
    const bytes = section ? await buffer(section.stream) : Buffer.alloc(0);
    return { name, bytes, binary: bytes.includes(0) };
  }

  const decoded = await decodedSection(session, message, part);
  let bytes = decoded ?? Buffer.alloc(0);
  if (partial) bytes = bytes.subarray(partial.origin, partial.origin + partial.length);
  return { name, bytes, binary: bytes.includes(0) };
}

/** The BINARY.SIZE item: the length of the decoded section (0 for a part the message lacks). */
export async function binarySize(
  session: Session,
  message: MessageDoc,
  attribute: BinarySizeAttribute,
): Promise<[string, number]> {
  const name = `BINARY.SIZE[${attribute.part.join('.')}]`;
  const encoding = encodingOf(message, attribute.part);
  if (encoding !== null && IDENTITY_ENCODINGS.has(encoding)) {
    const spec = { part: attribute.part.join('.') };
    const section = await openPart(session, message, spec);
    section?.stream.destroy();
    return [name, section?.length ?? 0];
  }
  const decoded = await decodedSection(session, message, attribute.part);
  return [name, decoded?.length ?? 0];
}
