import type { MimePart } from './types.js';
import { decodeCharset } from './charset.js';
import { htmlToText } from './html.js';
import { qpDecode } from './quoted-printable.js';

/** Leaf parts in document order, descending into multiparts and embedded messages. @internal */
export function leafParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const stack: MimePart[] = [root];
  while (stack.length) {
    const part = stack.pop()!;
    if (part.embedded) stack.push(part.embedded);
    else if (part.children.length)
      for (let i = part.children.length - 1; i >= 0; i--) stack.push(part.children[i]!);
    else out.push(part);
  }
  return out;
}

/** Whether a part is body text (text/plain or text/html) rather than an attached file. @internal */
export function isBodyText(part: MimePart, allowAttachments: boolean): boolean {
  const { type, subtype } = part.contentType;
  if (type !== 'text' || (subtype !== 'plain' && subtype !== 'html')) return false;
  return allowAttachments || part.disposition?.type !== 'attachment';
}

/**
 * The decoded text of a text part: transfer encoding undone, charset converted, HTML reduced to
 * text. Only about `maxBytes` of the body are read, so a huge part costs no more than that.
 * @internal
 */
export function partText(raw: Buffer, part: MimePart, maxBytes: number): string {
  let bytes: Buffer;
  if (part.encoding === 'base64') {
    // Four base64 characters carry three bytes; leave room for line endings.
    const end = Math.min(part.bodyEnd, part.bodyStart + Math.ceil(maxBytes * 1.4) + 4);
    bytes = Buffer.from(raw.toString('latin1', part.bodyStart, end), 'base64');
  } else if (part.encoding === 'quoted-printable') {
    bytes = qpDecode(
      raw.subarray(part.bodyStart, Math.min(part.bodyEnd, part.bodyStart + maxBytes * 3)),
    );
  } else {
    bytes = raw.subarray(part.bodyStart, Math.min(part.bodyEnd, part.bodyStart + maxBytes));
  }
  const text = decodeCharset(bytes, part.contentType.params['charset']);
  return part.contentType.subtype === 'html' ? htmlToText(text) : text;
}
