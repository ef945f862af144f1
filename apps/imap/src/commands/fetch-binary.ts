import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { loadLayout, openMessage, type Layout, type MessageDoc } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import {
  encodingOf,
  IDENTITY_ENCODINGS,
  UnknownCteError,
  type BinaryAttribute,
  type BinarySizeAttribute,
} from './binary-encoding.js';
import {
  measure,
  openDecodedSource,
  readWhole,
  type DecodedEncoding,
  type DecodedSource,
  type Measure,
} from './binary-source.js';
import { STREAM_SECTION_MIN_BYTES, type BodyValue } from './fetch-body.js';

/** Opens the bytes of a section of the message (see openMessage of the store). */
function openPart(
  session: Session,
  message: MessageDoc,
  spec: Parameters<typeof openMessage>[4],
): ReturnType<typeof openMessage> {
  return openMessage(session.env.store, session.userId, message.mailbox, message.uid, spec);
}

/**
 * Answers the BINARY items of one message (RFC 3516 section 4.2). An identity-encoded section
 * is read as it is. A base64 or quoted-printable part is decoded as it streams: up to
 * STREAM_SECTION_MIN_BYTES of decoded bytes are read into memory and go as a literal8 only when
 * they hold NUL (section 4.3 says a string SHOULD be used otherwise); a larger stretch is
 * measured first, since the literal announces its length and kind before its bytes, then
 * streamed. The layout is loaded once per message, and a part measured whole once, so
 * BINARY[2] with BINARY.SIZE[2] reads the part no more often than it must. A part the message
 * lacks reads as the empty string, as for BODY[].
 */
export class BinaryReader {
  private layout: Promise<Layout> | null = null;
  private readonly sources = new Map<string, Promise<DecodedSource | null>>();
  private readonly measured = new Map<string, Measure>();

  constructor(
    private readonly session: Session,
    private readonly message: MessageDoc,
  ) {}

  /** BINARY[section]<partial> and BINARY.PEEK: the section with its encoding removed. */
  async item(attribute: BinaryAttribute): Promise<BodyValue> {
    const { part, partial } = attribute;
    const origin = partial ? `<${partial.origin}>` : '';
    const name = `BINARY[${part.join('.')}]${origin}`;
    const encoding = encodingOf(this.message, part);
    if (encoding !== null && IDENTITY_ENCODINGS.has(encoding)) {
      return this.identityItem(name, attribute, encoding);
    }
    const source = encoding === null ? null : await this.source(part, encoding);
    if (!source) return { name, bytes: Buffer.alloc(0), binary: false };

    const from = partial?.origin ?? 0;
    const to = partial ? from + partial.length : Infinity;
    const bound = Math.min(to, source.length ?? source.maxLength);
    if (bound - from <= STREAM_SECTION_MIN_BYTES) {
      const bytes = await readWhole(source, from, bound);
      return { name, bytes, binary: bytes.includes(0) };
    }
    const { length, nul } = await this.measure(part, source, from, to);
    const stream = Readable.from(source.read(from, from + length), { objectMode: false });
    return { name, length, stream, binary: nul };
  }

  /** BINARY.SIZE[section]: the decoded length, that of BINARY[section]'s literal. */
  async size(attribute: BinarySizeAttribute): Promise<[string, number]> {
    const { part } = attribute;
    const name = `BINARY.SIZE[${part.join('.')}]`;
    const encoding = encodingOf(this.message, part);
    if (encoding !== null && IDENTITY_ENCODINGS.has(encoding)) {
      const section = await openPart(this.session, this.message, { part: part.join('.') });
      section?.stream.destroy();
      return [name, section?.length ?? 0];
    }
    const source = encoding === null ? null : await this.source(part, encoding);
    if (!source) return [name, 0];
    return [name, source.length ?? (await this.measure(part, source, 0, Infinity)).length];
  }

  /**
   * An identity-encoded section larger than STREAM_SECTION_MIN_BYTES is streamed as it is, a
   * literal8 when its encoding is `binary`; a smaller one is read and is a literal8 when it
   * holds NUL.
   */
  private async identityItem(
    name: string,
    { part, partial }: BinaryAttribute,
    encoding: string,
  ): Promise<BodyValue> {
    const range = partial ? { start: partial.origin, length: partial.length } : {};
    const section = await openPart(this.session, this.message, { part: part.join('.'), ...range });
    if (section && section.length > STREAM_SECTION_MIN_BYTES) {
      const binary = encoding === 'binary';
      return { name, length: section.length, stream: section.stream, binary };
    }
    const bytes = section ? await buffer(section.stream) : Buffer.alloc(0);
    return { name, bytes, binary: bytes.includes(0) };
  }

  /** The decoded source of a base64 or quoted-printable part, opened once per message. */
  private source(part: readonly number[], encoding: string): Promise<DecodedSource | null> {
    if (encoding !== 'base64' && encoding !== 'quoted-printable') {
      throw new UnknownCteError(encoding);
    }
    const key = part.join('.');
    let source = this.sources.get(key);
    if (!source) {
      const { store } = this.session.env;
      this.layout ??= loadLayout(store, this.message);
      const decoded: DecodedEncoding = encoding;
      source = this.layout.then((layout) => openDecodedSource(store, layout, key, decoded));
      this.sources.set(key, source);
    }
    return source;
  }

  /** Measures decoded bytes [from, to) of a part, keeping the result for the whole part. */
  private async measure(
    part: readonly number[],
    source: DecodedSource,
    from: number,
    to: number,
  ): Promise<Measure> {
    const whole = from === 0 && to === Infinity;
    const key = part.join('.');
    const known = whole ? this.measured.get(key) : undefined;
    if (known) return known;
    const result = await measure(source, from, to);
    if (whole) this.measured.set(key, result);
    return result;
  }
}
