import type { Envelope, EnvelopeAddress, MimePart } from './types.js';
import { parseAddressList } from './address.js';
import { firstValue, scanHeader, type HeaderField } from './header.js';

function addresses(raw: Buffer, fields: HeaderField[], name: string): EnvelopeAddress[] | null {
  const value = firstValue(raw, fields, name);
  if (value === null) return null;
  const list = parseAddressList(value);
  return list.length ? list : null;
}

function nstring(raw: Buffer, fields: HeaderField[], name: string): string | null {
  const value = firstValue(raw, fields, name);
  return value === null || value === '' ? null : value;
}

/**
 * ENVELOPE data of a message (RFC 3501 section 7.4.2): raw header values, not decoded, with
 * addresses split into name, source route, mailbox and host. `part` is a message node: the root
 * or the `embedded` node of a message/rfc822 part.
 */
export function envelope(raw: Buffer, part: MimePart): Envelope {
  const { fields } = scanHeader(raw, part.headerStart, part.headerEnd);
  const from = addresses(raw, fields, 'from');
  return {
    date: nstring(raw, fields, 'date'),
    subject: nstring(raw, fields, 'subject'),
    from,
    // RFC 3501 section 7.4.2: absent or empty Sender and Reply-To take the value of From.
    sender: addresses(raw, fields, 'sender') ?? from,
    replyTo: addresses(raw, fields, 'reply-to') ?? from,
    to: addresses(raw, fields, 'to'),
    cc: addresses(raw, fields, 'cc'),
    bcc: addresses(raw, fields, 'bcc'),
    inReplyTo: nstring(raw, fields, 'in-reply-to'),
    messageId: nstring(raw, fields, 'message-id'),
  };
}
