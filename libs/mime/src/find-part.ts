import type { MimePart } from './types.js';

/**
 * Finds the part with the given IMAP section number (RFC 3501 section 6.4.5). Section 1 of a
 * non-multipart message is that message's body, so for it the message node itself is returned;
 * the message inside a message/rfc822 part is `part.embedded`.
 */
export function findPart(root: MimePart, partId: string): MimePart | null {
  if (partId === '') return root;
  const segments = partId.split('.');
  let node = root;
  let isMessage = true;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (!/^[1-9][0-9]{0,8}$/.test(seg)) return null;
    const n = Number(seg);
    if (node.contentType.type === 'multipart') {
      const child = node.children[n - 1];
      if (!child) return null;
      node = child;
    } else if (!isMessage || n !== 1) return null;
    if (i < segments.length - 1) {
      isMessage = node.embedded !== null;
      if (node.embedded) node = node.embedded;
    }
  }
  return node;
}
