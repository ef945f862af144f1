import { formatResponseCode, type ResponseCode } from './response-codes.js';
import { ResponseBuffer, type ImapValue, type SerializeOptions } from './values.js';

/** The status of a tagged or untagged status response (RFC 3501 section 7.1). */
export type ResponseStatus = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

/** Human-readable text: CR, LF and NUL would break the line, so they become spaces. */
export function responseText(text: string): string {
  const clean = text.replace(/[\r\n\0]+/g, ' ').trim();
  // RFC 3501 section 9: resp-text needs at least one character after a response code.
  return clean.length > 0 ? clean : 'done';
}

/** Writes `tag STATUS [CODE] text` CRLF; the tag is `*` for an untagged status response. */
export function statusResponse(
  tag: string,
  status: ResponseStatus,
  text: string,
  code?: ResponseCode,
): Buffer {
  const prefix = code ? `${formatResponseCode(code)} ` : '';
  return Buffer.from(`${tag} ${status} ${prefix}${responseText(text)}\r\n`, 'utf8');
}

/** Writes `+ text` CRLF, the continuation request of RFC 3501 section 7.5. */
export function continuationResponse(text = 'Ready'): Buffer {
  return Buffer.from(`+ ${responseText(text)}\r\n`, 'utf8');
}

/** Writes `+ base64` CRLF, a SASL challenge (RFC 3501 section 6.2.2); an empty one is `+ `. */
export function saslChallenge(challenge: Buffer): Buffer {
  return Buffer.from(`+ ${challenge.toString('base64')}\r\n`, 'latin1');
}

/** Writes an untagged data response: `* ` and the given values separated by spaces. */
export function untaggedResponse(values: readonly ImapValue[], options: SerializeOptions): Buffer {
  const out = new ResponseBuffer().write('*');
  for (const value of values) out.write(' ').value(value, options);
  return out.write('\r\n').toBuffer();
}

/** Writes `* CAPABILITY ...` (RFC 3501 section 7.2.1). */
export function capabilityResponse(capabilities: readonly string[]): Buffer {
  return Buffer.from(`* CAPABILITY ${capabilities.join(' ')}\r\n`, 'latin1');
}

/** One item of a FETCH response: its name as written (`BODY[1]<0>`) and its value. */
export type FetchItem = readonly [name: string, value: ImapValue];

/** Writes `* n FETCH (name value ...)` (RFC 3501 section 7.4.2). */
export function fetchResponse(
  sequenceNumber: number,
  items: readonly FetchItem[],
  options: SerializeOptions,
): Buffer {
  const out = new ResponseBuffer().write(`* ${sequenceNumber} FETCH (`);
  items.forEach(([name, value], index) => {
    out.write(index > 0 ? ` ${name} ` : `${name} `).value(value, options);
  });
  return out.write(')\r\n').toBuffer();
}
