import type { PartRange } from './layout.js';

/** Which bytes of a part a request names (RFC 3501 section 6.4.5). */
export type SectionText = '' | 'HEADER' | 'TEXT' | 'MIME';

/** A part and a section text, e.g. `{ part: '2.1', text: 'MIME' }` for BODY[2.1.MIME]. */
export interface SectionSpec {
  /** IMAP part number; '' or absent for the whole message. */
  part?: string;
  text?: SectionText;
}

/**
 * The byte range [start, end) of a section, or null when the message has no such part.
 * HEADER and TEXT apply to a message: the top level one, or the one a message/rfc822 part holds.
 * MIME is the part's own header (RFC 3501 section 6.4.5).
 */
export function sectionRange(
  parts: readonly PartRange[],
  size: number,
  spec: SectionSpec,
): { start: number; end: number } | null {
  const part = spec.part ?? '';
  const text = spec.text ?? '';
  if (part === '') {
    const root = parts[0];
    if (!root) return null;
    if (text === 'HEADER') return { start: root.hs, end: root.he };
    if (text === 'TEXT') return { start: root.he, end: root.be };
    if (text === 'MIME') return null;
    return { start: 0, end: size };
  }
  const node = findNode(parts, part);
  if (!node) return null;
  if (text === 'MIME') return { start: node.hs, end: node.he };
  if (text === '') return { start: node.he, end: node.be };
  const message = parts.find((p) => p.p === part && p.m === 1);
  if (!message) return null;
  return text === 'HEADER'
    ? { start: message.hs, end: message.he }
    : { start: message.he, end: message.be };
}

/**
 * The node a part number names. Part 1 of a non-multipart message is its body: the message
 * node itself, whose body range is the whole body.
 */
function findNode(parts: readonly PartRange[], part: string): PartRange | undefined {
  const direct = parts.find((p) => p.p === part && p.m !== 1);
  if (direct) return direct;
  // '1' of a single-part message, or 'N.1' of a single-part embedded message.
  if (!part.endsWith('.1') && part !== '1') return undefined;
  const parent = part === '1' ? '' : part.slice(0, -2);
  return parts.find((p) => p.p === parent && (parent === '' || p.m === 1));
}
