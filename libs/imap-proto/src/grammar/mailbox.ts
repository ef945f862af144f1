// Mailbox names: modified UTF-7 (RFC 3501 section 5.1.3) unless UTF8=ACCEPT is on (RFC 6855
// section 3), and INBOX in any case meaning INBOX (RFC 3501 section 5.1).
import { ProtocolError } from '../errors.js';
import type { Cursor } from './cursor.js';

function badName(message: string): never {
  throw new ProtocolError('IMAP_BAD_MAILBOX_NAME', message);
}

function decodeShifted(base64: string): string {
  if (base64.length === 0) return '&';
  const bytes = Buffer.from(base64.replace(/,/g, '/'), 'base64');
  if (bytes.length % 2 !== 0 || /[^A-Za-z0-9+,]/.test(base64)) {
    badName('bad modified UTF-7 in mailbox name');
  }
  let text = '';
  for (let i = 0; i < bytes.length; i += 2) text += String.fromCharCode(bytes.readUInt16BE(i));
  if (/[\x20-\x7e]/.test(text)) badName('modified UTF-7 must not encode printable ASCII');
  return text;
}

/** Decodes a modified UTF-7 mailbox name (`&AOQ-` is `ä`, `&-` is `&`). */
export function decodeModifiedUtf7(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const char = name[i] as string;
    if (char !== '&') {
      if (char.charCodeAt(0) > 0x7e) badName('8-bit mailbox name: use modified UTF-7');
      out += char;
      i += 1;
      continue;
    }
    const end = name.indexOf('-', i + 1);
    if (end < 0) badName('unterminated modified UTF-7 in mailbox name');
    out += decodeShifted(name.slice(i + 1, end));
    i = end + 1;
  }
  return out;
}

/** Encodes a mailbox name in modified UTF-7 for sessions without UTF8=ACCEPT. */
export function encodeModifiedUtf7(name: string): string {
  let out = '';
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const bytes = Buffer.alloc(pending.length * 2);
    for (let i = 0; i < pending.length; i += 1) bytes.writeUInt16BE(pending.charCodeAt(i), i * 2);
    out += `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    pending = '';
  };
  for (const char of name) {
    const code = char.charCodeAt(0);
    if (code >= 0x20 && code <= 0x7e) {
      flush();
      out += char === '&' ? '&-' : char;
    } else {
      pending += char;
    }
  }
  flush();
  return out;
}

/** Maps any case of INBOX to `INBOX`, and `inbox/x` to `INBOX/x`, as RFC 3501 section 5.1 asks. */
export function normalizeMailboxName(name: string, delimiter = '/'): string {
  if (name.toUpperCase() === 'INBOX') return 'INBOX';
  if (name.toUpperCase().startsWith(`INBOX${delimiter}`)) return `INBOX${name.slice(5)}`;
  return name;
}

/** mailbox (RFC 3501 section 9): an astring, decoded for the session's mode and normalized. */
export function mailbox(cursor: Cursor): string {
  const raw = cursor.astring('a mailbox name');
  if (raw.includes('\0')) badName('mailbox name contains NUL');
  return normalizeMailboxName(cursor.utf8 ? raw : decodeModifiedUtf7(raw));
}
