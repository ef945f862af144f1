import type { MimePart } from './types.js';
import { fieldValue, firstValue, scanHeader } from './header.js';
import { isBodyText, leafParts, partText } from './text.js';
import { decodeWords } from './words.js';

/** The header fields whose decoded values open the search text, in this order. */
const SEARCH_TEXT_FIELDS = ['subject', 'from', 'to'] as const;

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const cut = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  // A split character decodes to U+FFFD at the end: drop it.
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
}

/**
 * Text for SEARCH TEXT/BODY (RFC 3501 section 6.4.4): decoded Subject, From and To, then the
 * charset-converted text of every text/plain and text/html part (tags stripped), at most
 * `maxBytes` UTF-8 bytes in all.
 */
export function searchText(raw: Buffer, root: MimePart, maxBytes: number): string {
  const { fields } = scanHeader(raw, root.headerStart, root.headerEnd);
  const pieces: string[] = [];
  for (const name of SEARCH_TEXT_FIELDS) {
    const value = firstValue(raw, fields, name);
    const decoded = value ? decodeWords(value) : '';
    if (decoded) pieces.push(decoded);
  }
  let used = Buffer.byteLength(pieces.join('\n'));
  for (const part of leafParts(root)) {
    if (used >= maxBytes) break;
    if (!isBodyText(part, true)) continue;
    const text = partText(raw, part, maxBytes - used)
      .replace(/\s+/g, ' ')
      .trim();
    if (!text) continue;
    pieces.push(text);
    used += Buffer.byteLength(text) + 1;
  }
  return cutUtf8(pieces.join('\n'), maxBytes);
}

/** One header field as SEARCH HEADER and TEXT see it. */
export interface DecodedField {
  /** Field name, lowercased. */
  name: string;
  /** Unfolded value with RFC 2047 encoded-words decoded. */
  value: string;
}

/** The header fields at the start of `raw` (a message or its header alone), decoded. */
export function decodedHeader(raw: Buffer): DecodedField[] {
  const { fields } = scanHeader(raw, 0, raw.length);
  return fields.map((field) => ({ name: field.name, value: decodeWords(fieldValue(raw, field)) }));
}

/**
 * The body part of a text {@link searchText} made: the text without the decoded Subject, From
 * and To it starts with, for SEARCH BODY (RFC 3501 section 6.4.4). `header` is the message's
 * {@link decodedHeader}. Empty when the bound cut the text inside those fields.
 */
export function searchTextBody(text: string, header: readonly DecodedField[]): string {
  const pieces: string[] = [];
  for (const name of SEARCH_TEXT_FIELDS) {
    const field = header.find((candidate) => candidate.name === name);
    if (field && field.value) pieces.push(field.value);
  }
  if (pieces.length === 0) return text;
  const prefix = pieces.join('\n');
  return text.startsWith(`${prefix}\n`) ? text.slice(prefix.length + 1) : '';
}
