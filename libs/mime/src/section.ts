import type { MimePart } from './types.js';
import { findPart } from './find-part.js';
import { scanHeader } from './header.js';

/** The part of a section that BODY[...] asks for (RFC 3501 section 6.4.5). */
export type SectionText = '' | 'HEADER' | 'TEXT' | 'MIME';

/** A byte range [start, end) of the raw message. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The byte range of BODY[partId.text] (RFC 3501 section 6.4.5): `partId` '' is the whole
 * message; HEADER and TEXT need the top level message or a message/rfc822 part; MIME needs a
 * part number. Null when the section does not exist.
 */
export function sectionRange(root: MimePart, partId: string, text: SectionText): ByteRange | null {
  const node = findPart(root, partId);
  if (!node) return null;
  switch (text) {
    case '':
      // BODY[] is the whole message; BODY[n] is the body of part n.
      return partId === ''
        ? { start: root.headerStart, end: root.bodyEnd }
        : { start: node.bodyStart, end: node.bodyEnd };
    case 'MIME':
      return partId === '' ? null : { start: node.headerStart, end: node.headerEnd };
    case 'HEADER':
    case 'TEXT': {
      const message = partId === '' ? root : node.embedded;
      if (!message) return null;
      return text === 'HEADER'
        ? { start: message.headerStart, end: message.headerEnd }
        : { start: message.bodyStart, end: message.bodyEnd };
    }
  }
}

/**
 * BODY[...HEADER.FIELDS (names)] or, with `exclude`, HEADER.FIELDS.NOT: the matching fields of a
 * message's header as they are written, followed by the blank line (RFC 3501 section 6.4.5).
 * `message` is the root or an `embedded` node.
 */
export function headerFields(
  raw: Buffer,
  message: MimePart,
  names: string[],
  exclude: boolean,
): Buffer {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const { fields } = scanHeader(raw, message.headerStart, message.headerEnd);
  const pieces = fields
    .filter((f) => wanted.has(f.name) !== exclude)
    .map((f) => raw.subarray(f.start, f.end));
  // A field that ends the input without a line ending still needs one before the blank line.
  const last = pieces[pieces.length - 1];
  if (last && last[last.length - 1] !== 0x0a && last[last.length - 1] !== 0x0d) {
    pieces.push(Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from('\r\n'));
  return Buffer.concat(pieces);
}
