import type { MimePart } from './types.js';
import { isBodyText, leafParts, partText } from './text.js';

/** Bytes of body read per character of preview: room for markup and encoding overhead. */
const PREVIEW_BYTES_PER_CHAR = 8;

/** The main text: the first inline text/plain part, else the first inline text/html part. */
function mainText(root: MimePart): MimePart | null {
  const texts = leafParts(root).filter((p) => isBodyText(p, false));
  return texts.find((p) => p.contentType.subtype === 'plain') ?? texts[0] ?? null;
}

/** The text without quoted lines ("> ..."), unless that leaves nothing; white space collapsed. */
function ownWords(text: string): string {
  const own = text
    .split(/\r\n|\r|\n/)
    .filter((line) => !line.startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return own || text.replace(/\s+/g, ' ').trim();
}

/**
 * The first words of a message's main text, quoted lines left out and white space collapsed, cut
 * at a word boundary to
 * at most `maxChars` characters (for message lists; RFC 8970 calls this a preview).
 */
export function preview(raw: Buffer, root: MimePart, maxChars: number): string {
  const part = mainText(root);
  if (!part || maxChars <= 0) return '';
  const text = ownWords(partText(raw, part, maxChars * PREVIEW_BYTES_PER_CHAR + 1024));
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  return (space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd();
}
