import type { MimePart } from './types.js';
import { firstValue, scanHeader } from './header.js';
import { isBodyText, leafParts, partText } from './text.js';
import { decodeWords } from './words.js';

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
  for (const name of ['subject', 'from', 'to']) {
    const value = firstValue(raw, fields, name);
    if (value) pieces.push(decodeWords(value));
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
