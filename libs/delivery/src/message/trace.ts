/**
 * The Return-Path field a final delivery adds at the top of the message, with the reverse path
 * of the transaction (RFC 5321 section 4.4); `<>` for a null sender.
 */
export function returnPath(mailFrom: string): string {
  return `Return-Path: <${clean(mailFrom)}>\r\n`;
}

/** The Delivered-To field naming the recipient, which forwarders use to detect loops. */
export function deliveredTo(address: string): string {
  return `Delivered-To: ${clean(address)}\r\n`;
}

/** Prepends trace fields to the raw message; every byte after them is kept as received. */
export function prepend(raw: Buffer, ...fields: string[]): Buffer {
  return Buffer.concat([Buffer.from(fields.join(''), 'utf8'), raw]);
}

// smtp-server has already refused control characters in addresses; this keeps a header intact
// whatever the caller passes.
function clean(address: string): string {
  return address.replace(/[\r\n\t<>]/g, '');
}
