// IMAP URLs (RFC 5092) that name a message or a part of one, as CATENATE's URL parts do (RFC
// 4469 section 3): absolute `imap://user@host/...`, and the relative references RFC 4469 allows,
// resolved against `imap://user@server/[mailbox]` as RFC 3986 section 5.2 resolves references.
import { ProtocolError } from '../errors.js';
import { Cursor } from './cursor.js';
import { section as readSection } from './fetch.js';
import { decodeModifiedUtf7, normalizeMailboxName } from './mailbox.js';
import type { Section } from './types.js';

/** The server part of an `imap://` or `//` URL (RFC 5092 iserver). */
export interface ImapUrlServer {
  /** enc-user, percent-decoded; null when the URL names none (an anonymous login). */
  user: string | null;
  /** The host, percent-decoded and lower-cased. */
  host: string;
  port: number | null;
}

/** An IMAP URL naming a message or a part of one (RFC 5092 imessagepart). */
export interface ImapMessageUrl {
  /** The server an `imap://` or `//` URL names; null for a path, which stays on this session. */
  server: ImapUrlServer | null;
  /** The mailbox, its percent-encoded octets read as UTF-8 (RFC 5092), INBOX in capitals. */
  mailbox: string;
  /**
   * The same octets read as modified UTF-7, as RFC 2192 URLs wrote names (`&AOQ-`), when that
   * is valid and reads differently; else null.
   */
  mailboxUtf7: string | null;
  uidValidity: number | null;
  uid: number;
  /** The section BODY[section] would name; null for the whole message. */
  section: Section | null;
  /** `;PARTIAL=origin[.length]`: octets of the section; a null length runs to its end. */
  partial: { origin: number; length: number | null } | null;
  /** `;EXPIRE=` or `;URLAUTH=` of a URLAUTH-authorized URL (RFC 4467). */
  urlauth: boolean;
}

/** A URL that names a message, or why it does not (fixed, client-safe text for BADURL). */
export type ImapUrlResult = { url: ImapMessageUrl } | { error: string };

class UrlError extends Error {}

function fail(reason: string): never {
  throw new UrlError(reason);
}

const MAX_UINT32 = 4_294_967_295;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
/** achar of RFC 5092 section 11: unreserved, sub-delims-sh, "&", "=", or pct-encoded. */
const ACHARS = /^(?:[A-Za-z0-9\-._~!$'()*+,&=]|%[0-9A-Fa-f]{2})+$/;
/** bchar: achar, ":", "@" and "/". */
const BCHARS = /^(?:[A-Za-z0-9\-._~!$'()*+,&=:@/]|%[0-9A-Fa-f]{2})+$/;
/** host of RFC 3986 section 3.2.2: an IP-literal or a reg-name. */
const HOST = /^(?:\[[0-9A-Za-z:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)$/;

/**
 * Reads a CATENATE URL part: an IMAP URL naming a message or part (RFC 5092), absolute or
 * relative to `imap://user@server/selected` (RFC 4469 section 3; `selected` is the selected
 * mailbox's name, or null in the authenticated state). A reference that starts with `;UID=`
 * names a message of the selected mailbox: the base is read as the mailbox itself, since RFC
 * 3986's merge would drop its last path segment.
 */
export function parseMessageUrl(reference: string, selected: string | null): ImapUrlResult {
  try {
    const { authority, path } = splitReference(reference, selected);
    const server = authority === null ? null : parseAuthority(authority);
    return { url: { server, ...parsePath(path) } };
  } catch (error) {
    if (error instanceof UrlError) return { error: error.message };
    throw error;
  }
}

/** The authority (null for a path reference) and the path, resolved and without dot segments. */
function splitReference(reference: string, selected: string | null) {
  if (/[?#]/.test(reference)) fail('a search or fragment names no single message');
  let rest = reference;
  const scheme = SCHEME.exec(reference);
  if (scheme) {
    if ((scheme[1] as string).toLowerCase() !== 'imap') fail('only imap URLs name messages');
    rest = reference.slice(scheme[0].length);
    if (!rest.startsWith('//')) fail('an imap URL starts with imap://');
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = rest.slice(2, slash < 0 ? undefined : slash);
    return { authority, path: removeDotSegments(slash < 0 ? '' : rest.slice(slash)) };
  }
  let path: string;
  if (rest.startsWith('/')) path = rest;
  else if (/^;UID=/i.test(rest)) {
    if (selected === null) fail('a URL relative to the selected mailbox needs one selected');
    path = `/${encodeMailbox(selected)}/${rest}`;
  } else if (rest.startsWith(';')) {
    fail('a relative SECTION or PARTIAL needs a message to be relative to');
  } else {
    // RFC 3986 section 5.2.3: the base path up to its last "/", then the reference.
    const base = selected === null ? '/' : `/${encodeMailbox(selected)}`;
    path = base.slice(0, base.lastIndexOf('/') + 1) + rest;
  }
  return { authority: null, path: removeDotSegments(path) };
}

/** RFC 3986 section 5.2.4, for a path that starts with "/" (or is empty). */
function removeDotSegments(path: string): string {
  if (path === '') return path;
  const segments = path.split('/').slice(1);
  const output: string[] = [];
  for (const segment of segments) {
    if (segment === '..') output.pop();
    else if (segment !== '.') output.push(segment);
  }
  const last = segments.at(-1);
  return `/${output.join('/')}${last === '.' || last === '..' ? '/' : ''}`;
}

/** `[enc-user [;AUTH=type] "@"] host [":" port]` (RFC 5092 iserver). */
function parseAuthority(authority: string): ImapUrlServer {
  const at = authority.indexOf('@');
  const userinfo = at < 0 ? null : authority.slice(0, at);
  const hostport = authority.slice(at + 1);
  let user: string | null = null;
  if (userinfo !== null) {
    const match = /^([^;]*)(?:;AUTH=(.*))?$/i.exec(userinfo) as RegExpExecArray;
    const [, encUser = '', auth] = match;
    if (auth !== undefined && auth !== '*' && !ACHARS.test(auth)) fail('bad ;AUTH= in the URL');
    if (encUser !== '' && !ACHARS.test(encUser)) fail('bad user name in the URL');
    if (encUser === '' && auth === undefined) fail('empty user name in the URL');
    user = encUser === '' ? null : decodeUtf8(encUser, 'user name');
  }
  const port = /:([0-9]*)$/.exec(hostport);
  const host = port ? hostport.slice(0, port.index) : hostport;
  if (!HOST.test(host)) fail('bad host in the URL');
  const portNumber = port && port[1] !== '' ? Number(port[1]) : null;
  if (portNumber !== null && portNumber > 65_535) fail('bad port in the URL');
  return { user, host: decodeUtf8(host, 'host').toLowerCase(), port: portNumber };
}

/** One `;NAME=value` of a path, and whether a "/" came before it. */
interface Parameter {
  name: string;
  value: string;
  slash: boolean;
}

/**
 * `"/" enc-mailbox [";UIDVALIDITY=" nz] "/;UID=" nz ["/;SECTION=" enc-section]
 * ["/;PARTIAL=" partial-range] [iurlauth]` (RFC 5092 imessagepart).
 */
function parsePath(path: string): Omit<ImapMessageUrl, 'server'> {
  const semicolon = path.indexOf(';');
  if (!path.startsWith('/') || semicolon < 0) fail('the URL names no message (no ;UID=)');
  let encoded = path.slice(1, semicolon);
  const params = parameters(path.slice(semicolon));
  const first = params[0] as Parameter;
  if (encoded.endsWith('/')) {
    encoded = encoded.slice(0, -1);
    first.slash = true;
  }
  if (encoded === '' || !BCHARS.test(encoded)) fail('bad mailbox name in the URL');
  const name = decodeUtf8(encoded, 'mailbox name');
  if (name.includes('\0')) fail('bad mailbox name in the URL');

  let index = 0;
  const take = (wanted: string, slash: boolean): string | null => {
    const param = params[index];
    if (param?.name !== wanted || param.slash !== slash) return null;
    index += 1;
    return param.value;
  };
  const uidValidity = take('UIDVALIDITY', false);
  const uid = take('UID', true);
  if (uid === null) fail('the URL names no message (no ;UID=)');
  const section = take('SECTION', true);
  const partial = take('PARTIAL', true);
  const urlauth = take('EXPIRE', false) !== null;
  const authorized = take('URLAUTH', false) !== null;
  const extra = params[index];
  if (extra) fail('unexpected parameter in the URL');
  return {
    mailbox: normalizeMailboxName(name),
    mailboxUtf7: modifiedUtf7Reading(name),
    uidValidity: uidValidity === null ? null : nzNumber(uidValidity, 'UIDVALIDITY'),
    uid: nzNumber(uid, 'UID'),
    section: section === null ? null : parseSection(section),
    partial: partial === null ? null : parsePartial(partial),
    urlauth: urlauth || authorized,
  };
}

/** Splits `;A=1/;B=2` into parameters; a "/" ending a value belongs before the next one. */
function parameters(text: string): Parameter[] {
  const pieces = text.split(';').slice(1);
  let slash = false;
  return pieces.map((piece, index) => {
    const equals = piece.indexOf('=');
    if (equals <= 0) fail('bad parameter in the URL');
    const slashAfter = index < pieces.length - 1 && piece.endsWith('/');
    const value = piece.slice(equals + 1, slashAfter ? -1 : undefined);
    const param = { name: piece.slice(0, equals).toUpperCase(), value, slash };
    slash = slashAfter;
    return param;
  });
}

/** The RFC 2192 reading of a name, when it is valid modified UTF-7 and differs. */
function modifiedUtf7Reading(name: string): string | null {
  if (!name.includes('&') || /[^\x20-\x7e]/.test(name)) return null;
  try {
    const decoded = normalizeMailboxName(decodeModifiedUtf7(name));
    return decoded === normalizeMailboxName(name) ? null : decoded;
  } catch (error) {
    if (error instanceof ProtocolError) return null;
    throw error;
  }
}

/** enc-section: a percent-encoded section-spec (RFC 3501 section 9), as FETCH reads it. */
function parseSection(encoded: string): Section {
  if (!BCHARS.test(encoded)) fail('bad SECTION in the URL');
  const text = decodeUtf8(encoded, 'SECTION');
  const cursor = new Cursor([{ kind: 'text', data: Buffer.from(`${text}]`, 'utf8') }], false);
  try {
    const section = readSection(cursor);
    cursor.end();
    return section;
  } catch (error) {
    if (error instanceof ProtocolError) fail(`bad SECTION in the URL: ${error.message}`);
    throw error;
  }
}

/** partial-range = number ["." nz-number] (RFC 5092 section 11). */
function parsePartial(value: string): { origin: number; length: number | null } {
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(value);
  if (!match) fail('bad PARTIAL in the URL');
  const origin = Number(match[1]);
  if (origin > MAX_UINT32) fail('bad PARTIAL in the URL');
  return { origin, length: match[2] === undefined ? null : nzNumber(match[2], 'PARTIAL length') };
}

/** nz-number of RFC 3501 section 9: no leading zero, at most 2^32 - 1. */
function nzNumber(value: string, what: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAX_UINT32) fail(`bad ${what}`);
  return Number(value);
}

/** Percent-decodes and reads the octets as UTF-8, refusing invalid sequences. */
function decodeUtf8(encoded: string, what: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i += 1) {
    if (encoded[i] === '%') {
      bytes.push(Number.parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(encoded.charCodeAt(i));
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return fail(`the ${what} in the URL is not UTF-8`);
  }
}

/** A mailbox name as enc-mailbox: UTF-8, percent-encoded where bchar does not allow it. */
function encodeMailbox(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && char !== '%' && BCHARS.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
