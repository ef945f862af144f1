import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { BlobMissingError } from '../errors.js';
import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { blobContent, readBlob } from '../blobs/read.js';
import { MESSAGES, messageId, type MessageDoc } from '../collections.js';
import { decodeLayout, type Layout } from './layout.js';
import { rangeBytes } from './range.js';
import { sectionRange, type SectionSpec } from './section.js';

/** A section to read, optionally a partial range of it (IMAP `BODY[...]<start.length>`). */
export interface ReadSpec extends SectionSpec {
  /** First byte within the section. */
  start?: number;
  /** Most bytes to return from `start`. */
  length?: number;
}

/** An open section: its exact length and a stream of its bytes. */
export interface OpenSection {
  length: number;
  stream: Readable;
}

/** The fields of a message document that locate its layout. */
export type LayoutRef = Pick<MessageDoc, 'source' | 'layout'>;

/** Loads the layout of a message, from the document itself or from its blob. */
export async function loadLayout(store: Store, message: LayoutRef): Promise<Layout> {
  if (message.layout) return decodeLayout(inflateRawSync(message.layout.buffer));
  if (!message.source) throw new BlobMissingError('layout');
  return decodeLayout(await readBlob(store, message.source));
}

/**
 * Opens the exact bytes of a message, of one MIME part (RFC 3501 section 6.4.5) or of a byte
 * range of either, as a stream that reads large bodies from their blobs as it goes. Resolves to
 * null when the message has no such part.
 */
export async function openSection(
  store: Store,
  message: LayoutRef,
  spec: ReadSpec = {},
): Promise<OpenSection | null> {
  return openLayoutSection(store, await loadLayout(store, message), spec);
}

/**
 * Like {@link openSection} with the layout already loaded: a FETCH of several sections of one
 * message loads it once.
 */
export function openLayoutSection(
  store: Store,
  layout: Layout,
  spec: ReadSpec = {},
): OpenSection | null {
  const range = sectionRange(layout.parts, layout.size, spec);
  if (!range) return null;
  const start = Math.min(range.start + (spec.start ?? 0), range.end);
  const end = spec.length === undefined ? range.end : Math.min(range.end, start + spec.length);
  const bytes = rangeBytes(layout.segs, start, end, (id) => blobContent(store, id));
  return { length: end - start, stream: Readable.from(bytes, { objectMode: false }) };
}

/** Opens a message by mailbox and UID (see {@link openSection}); null when there is none. */
export async function openMessage(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  uid: number,
  spec: ReadSpec = {},
): Promise<OpenSection | null> {
  const message = await store.db
    .collection<MessageDoc>(MESSAGES)
    .findOne(
      { _id: messageId(user, mailbox, uid) },
      { projection: { source: 1, layout: 1, hole: 1 } },
    );
  return message && !message.hole ? openSection(store, message, spec) : null;
}

/** The bounded search text of a message (SEARCH BODY/TEXT, RFC 3501 section 6.4.4). */
export async function readSearchText(store: Store, message: LayoutRef): Promise<string> {
  return (await loadLayout(store, message)).text;
}
