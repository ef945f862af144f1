import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { formatSection, type FetchAttribute } from '@mailstore/imap-proto';
import { openMessage, type SectionSpec } from '@mailstore/storage';
import type { Session } from '../session/session.js';

/** A FETCH item that returns message bytes. */
export type BodyAttribute =
  | Extract<FetchAttribute, { item: 'BODY[]' }>
  | { item: 'RFC822' | 'RFC822.HEADER' | 'RFC822.TEXT' };

/** Whether a FETCH item returns message bytes. */
export function isBodyAttribute(attribute: FetchAttribute): attribute is BodyAttribute {
  return (
    attribute.item === 'BODY[]' ||
    attribute.item === 'RFC822' ||
    attribute.item === 'RFC822.HEADER' ||
    attribute.item === 'RFC822.TEXT'
  );
}

/** Whether fetching the item sets \Seen (RFC 3501 section 6.4.5: all but .PEEK and HEADER). */
export function setsSeen(attribute: BodyAttribute): boolean {
  if (attribute.item === 'BODY[]') return !attribute.peek;
  return attribute.item !== 'RFC822.HEADER';
}

/**
 * Keeps the header fields named (or, with `exclude`, all others), and the blank line that ends
 * the header (RFC 3501 section 6.4.5). Continuation lines stay with their field.
 */
export function filterHeader(header: Buffer, names: readonly string[], exclude: boolean): Buffer {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const lines = header.toString('latin1').split(/(?<=\n)/);
  let keep = false;
  let out = '';
  for (const line of lines) {
    if (line === '\r\n' || line === '\n') break;
    if (line[0] !== ' ' && line[0] !== '\t') {
      const name = line
        .slice(0, Math.max(0, line.indexOf(':')))
        .trim()
        .toLowerCase();
      keep = wanted.has(name) !== exclude;
    }
    if (keep) out += line;
  }
  return Buffer.from(`${out}\r\n`, 'latin1');
}

function specOf(attribute: BodyAttribute): SectionSpec {
  if (attribute.item !== 'BODY[]') {
    return { RFC822: {}, 'RFC822.HEADER': { text: 'HEADER' }, 'RFC822.TEXT': { text: 'TEXT' } }[
      attribute.item
    ] as SectionSpec;
  }
  const text = attribute.section.text;
  const header = text === 'HEADER' || text?.startsWith('HEADER.FIELDS');
  return {
    part: attribute.section.part.join('.'),
    text: header ? 'HEADER' : text === 'TEXT' || text === 'MIME' ? text : '',
  };
}

/** The name a FETCH response gives the item: `BODY[1.TEXT]<0>` for a partial. */
function responseName(attribute: BodyAttribute): string {
  if (attribute.item !== 'BODY[]') return attribute.item;
  const origin = attribute.partial ? `<${attribute.partial.origin}>` : '';
  return `BODY${formatSection(attribute.section)}${origin}`;
}

/**
 * Sections up to this size are read into memory and written with the rest of the response (one
 * write); larger ones are streamed to the socket as they are rebuilt.
 */
export const STREAM_SECTION_MIN_BYTES = 64 * 1024;

/**
 * A body item to write: its bytes in hand, or a stream of exactly `length` bytes; `binary` sends
 * it as a literal8 (RFC 3516 section 4.3).
 */
export type BodyValue = { name: string; binary?: boolean } & (
  { bytes: Buffer } | { length: number; stream: Readable }
);

/**
 * Opens one body item. A part the message lacks reads as the empty string, as RFC 3501 section
 * 6.4.5 lets servers answer. HEADER.FIELDS[.NOT] is filtered in memory (headers are small and
 * inline); any other section larger than {@link STREAM_SECTION_MIN_BYTES} stays a stream.
 */
export async function openBodyItem(
  session: Session,
  mailboxId: Parameters<typeof openMessage>[2],
  uid: number,
  attribute: BodyAttribute,
): Promise<BodyValue> {
  const value = await openBodySection(session, mailboxId, uid, attribute);
  return value ?? { name: responseName(attribute), bytes: Buffer.alloc(0) };
}

/**
 * Opens one body item as {@link openBodyItem} does, but resolves to null when the message or
 * the part is missing: CATENATE must tell a missing part from an empty one (RFC 4469 section
 * 4.1, BADURL).
 */
export async function openBodySection(
  session: Session,
  mailboxId: Parameters<typeof openMessage>[2],
  uid: number,
  attribute: BodyAttribute,
): Promise<BodyValue | null> {
  const name = responseName(attribute);
  const partial = attribute.item === 'BODY[]' ? attribute.partial : null;
  const fields = attribute.item === 'BODY[]' && attribute.section.text?.startsWith('HEADER.FIELDS');
  const spec = {
    ...specOf(attribute),
    ...(partial && !fields ? { start: partial.origin, length: partial.length } : {}),
  };
  const section = await openMessage(session.env.store, session.userId, mailboxId, uid, spec);
  if (!section) return null;
  if (!fields && section.length > STREAM_SECTION_MIN_BYTES) {
    return { name, length: section.length, stream: section.stream };
  }
  let bytes: Buffer = await buffer(section.stream);
  if (fields && attribute.item === 'BODY[]') {
    const exclude = attribute.section.text === 'HEADER.FIELDS.NOT';
    bytes = filterHeader(bytes, attribute.section.fields, exclude);
    if (partial) bytes = bytes.subarray(partial.origin, partial.origin + partial.length);
  }
  return { name, bytes };
}
