import { createBodyDecoder } from '@mailstore/mime';
import {
  findBodyBlob,
  openLayoutSection,
  sectionRange,
  type BodyBlob,
  type Layout,
  type Store,
} from '@mailstore/storage';
import { STREAM_SECTION_MIN_BYTES } from './fetch-body.js';

/** Content-Transfer-Encodings BINARY decodes (RFC 2045 sections 6.7 and 6.8). */
export type DecodedEncoding = 'base64' | 'quoted-printable';

/**
 * The largest decoded buffer BINARY allocates: an item read whole (at most
 * STREAM_SECTION_MIN_BYTES) or one piece of a streamed part, however large the part. A session
 * streaming a part holds a few pieces at a time: the one being decoded, the stream's read-ahead
 * and the one the socket is writing; reads of stored blobs add storage's own read-ahead.
 */
export const MAX_BINARY_BUFFER_BYTES = STREAM_SECTION_MIN_BYTES;

/**
 * Encoded bytes decoded at a time. Decoding never grows the bytes, but a quoted-printable `=X`
 * held over from the slice before may add two: half the bound leaves room.
 */
const DECODE_SLICE_BYTES = MAX_BINARY_BUFFER_BYTES / 2;

/**
 * What BINARY did, for the tests: how many times it read stored part bytes (a blob or encoded
 * bytes), how many bytes it decoded, and the largest decoded buffer it allocated.
 * @internal
 */
export const binaryStats = { reads: 0, decodedBytes: 0, maxBufferBytes: 0 };

function noteBuffer(bytes: number): void {
  binaryStats.maxBufferBytes = Math.max(binaryStats.maxBufferBytes, bytes);
}

/** The decoded content of a part, which can be read more than once. */
export interface DecodedSource {
  /** Decoded length when storage keeps it, else null (it is counted by reading). */
  length: number | null;
  /** A bound on the decoded length known without reading. */
  maxLength: number;
  /** Whether the content holds NUL, when storage keeps it; else null. */
  nul: boolean | null;
  /** Streams decoded bytes [from, to) and reads nothing past what `to` needs. */
  read(from: number, to: number): AsyncGenerator<Buffer>;
}

/** Bytes [from, to) of a piece that starts at `offset` of the whole. */
function window(piece: Buffer, offset: number, from: number, to: number): Buffer {
  return piece.subarray(Math.max(0, from - offset), Math.max(0, to - offset));
}

/** Decodes a few bytes in one go (a recipe's prefix or suffix). */
function decodeSmall(encoding: DecodedEncoding, text: string): Buffer {
  const decoder = createBodyDecoder(encoding);
  return Buffer.concat([decoder.write(Buffer.from(text, 'latin1')), decoder.end()]);
}

/**
 * A part stored as one blob that `decodeBody` decoded at ingest: the decoded body is the decoded
 * recipe prefix, the blob and the decoded suffix (white space around base64 decodes to nothing;
 * a quoted-printable soft line break's tail to its extra line ends), so the blob is read as it
 * is, from the chunk that holds `from`, with its size and NUL flag known without reading.
 */
function blobSource(blob: BodyBlob, encoding: DecodedEncoding): DecodedSource {
  const head = decodeSmall(encoding, blob.recipe.prefix);
  const tail = decodeSmall(encoding, blob.recipe.suffix);
  const length = head.length + blob.size + tail.length;
  const affixNul = head.includes(0) || tail.includes(0);
  return {
    length,
    maxLength: length,
    nul: blob.nul === null ? null : blob.nul || affixNul,
    async *read(from, to) {
      if (from >= to) return;
      if (from < head.length) yield window(head, 0, from, to);
      const start = Math.max(0, from - head.length);
      const end = Math.min(blob.size, to - head.length);
      if (start < end) {
        binaryStats.reads++;
        yield* blob.read(start, end);
      }
      if (to > head.length + blob.size) yield window(tail, head.length + blob.size, from, to);
    },
  };
}

/** Decoded bytes [from, to) of encoded bytes, decoded a slice at a time. */
async function* decodeRange(
  encoded: AsyncIterable<Buffer>,
  encoding: DecodedEncoding,
  from: number,
  to: number,
): AsyncGenerator<Buffer> {
  const decoder = createBodyDecoder(encoding);
  let offset = 0;
  for await (const chunk of encoded) {
    for (let i = 0; i < chunk.length && offset < to; i += DECODE_SLICE_BYTES) {
      const piece = decoder.write(chunk.subarray(i, i + DECODE_SLICE_BYTES));
      noteBuffer(piece.length);
      binaryStats.decodedBytes += piece.length;
      if (offset + piece.length > from) yield window(piece, offset, from, to);
      offset += piece.length;
    }
    // Leaving the loop destroys the stream: nothing past `to` is read.
    if (offset >= to) return;
  }
  const last = decoder.end();
  if (offset + last.length > from) yield window(last, offset, from, to);
}

/** A part whose encoded bytes are decoded as they are read from storage. */
function encodedSource(
  store: Store,
  layout: Layout,
  part: string,
  encoding: DecodedEncoding,
  encodedLength: number,
): DecodedSource {
  return {
    length: null,
    // Neither base64 nor quoted-printable decodes to more bytes than it has.
    maxLength: encodedLength,
    nul: null,
    async *read(from, to) {
      if (from >= to) return;
      const section = openLayoutSection(store, layout, { part });
      if (!section) return;
      binaryStats.reads++;
      yield* decodeRange(section.stream, encoding, from, to);
    },
  };
}

/**
 * The decoded content of part `part` (an IMAP part number) whose body is base64 or
 * quoted-printable: read from its blob as stored when ingest kept the decoded body, else decoded
 * from the encoded bytes as they stream. Null when the message has no such part.
 */
export async function openDecodedSource(
  store: Store,
  layout: Layout,
  part: string,
  encoding: DecodedEncoding,
): Promise<DecodedSource | null> {
  const range = sectionRange(layout.parts, layout.size, { part, text: '' });
  if (!range) return null;
  const blob = await findBodyBlob(store, layout, part);
  if (blob?.recipe.encoding === encoding) return blobSource(blob, encoding);
  return encodedSource(store, layout, part, encoding, range.end - range.start);
}

/** Reads decoded bytes [from, to) into one buffer; `to - from` must be small. */
export async function readWhole(source: DecodedSource, from: number, to: number): Promise<Buffer> {
  const out = Buffer.allocUnsafe(Math.max(0, to - from));
  noteBuffer(out.length);
  let n = 0;
  for await (const piece of source.read(from, to)) n += piece.copy(out, n);
  return out.subarray(0, n);
}

/** The decoded length of a stretch of a part, and whether it holds NUL. */
export interface Measure {
  length: number;
  nul: boolean;
}

/**
 * Measures decoded bytes [from, to): from what storage keeps when it can, else by one reading
 * pass that holds no more than a piece (a length storage keeps still needs a look for NUL, which
 * stops at the first one).
 */
export async function measure(source: DecodedSource, from: number, to: number): Promise<Measure> {
  if (source.length !== null) {
    const end = Math.min(to, source.length);
    const length = Math.max(0, end - from);
    if (length === 0 || source.nul === false) return { length, nul: false };
    if (source.nul === true && from === 0 && end === source.length) return { length, nul: true };
    for await (const piece of source.read(from, end)) {
      if (piece.includes(0)) return { length, nul: true };
    }
    return { length, nul: false };
  }
  let length = 0;
  let nul = false;
  for await (const piece of source.read(from, to)) {
    length += piece.length;
    nul ||= piece.includes(0);
  }
  return { length, nul };
}
