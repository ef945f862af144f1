// ENVELOPE (RFC 3501 section 7.4.2) from data the MIME library extracts. What is expected of
// that data: header values already decoded from RFC 2047 to Unicode, addresses split into
// mailbox and host, and groups written as RFC 3501 does (start: mailbox = group name and
// host null; end: mailbox and host null).
import type { ImapValue } from './values.js';

/** One address of an envelope (RFC 3501 section 9, `address`). */
export interface EnvelopeAddress {
  /** The display name, decoded. */
  name: string | null;
  /** The source route; obsolete, almost always null. */
  adl?: string | null;
  /** The local part, or the group name at the start of a group, or null at its end. */
  mailbox: string | null;
  /** The domain, or null for a group marker. */
  host: string | null;
}

/** The fields of an ENVELOPE, each null when the header is absent. */
export interface EnvelopeData {
  /** The Date header as written. */
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  /** Defaults to `from` when absent or empty, as RFC 3501 section 7.4.2 requires. */
  sender: EnvelopeAddress[] | null;
  /** Defaults to `from` when absent or empty. */
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

function addressList(addresses: EnvelopeAddress[] | null): ImapValue {
  if (!addresses || addresses.length === 0) return null;
  return addresses.map((address) => [
    address.name,
    address.adl ?? null,
    address.mailbox,
    address.host,
  ]);
}

function orFrom(
  list: EnvelopeAddress[] | null,
  from: EnvelopeAddress[] | null,
): EnvelopeAddress[] | null {
  return list && list.length > 0 ? list : from;
}

/** Builds the ENVELOPE value: date, subject, from ... message-id, in RFC 3501's order. */
export function envelopeValue(envelope: EnvelopeData): ImapValue {
  return [
    envelope.date,
    envelope.subject,
    addressList(envelope.from),
    addressList(orFrom(envelope.sender, envelope.from)),
    addressList(orFrom(envelope.replyTo, envelope.from)),
    addressList(envelope.to),
    addressList(envelope.cc),
    addressList(envelope.bcc),
    envelope.inReplyTo,
    envelope.messageId,
  ];
}
