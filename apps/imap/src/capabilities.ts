import { THREAD_ALGORITHMS } from '@mailstore/imap-proto';
import { APPEND_LIMIT_BYTES } from './commands/append.js';
import type { Session } from './session/session.js';

/**
 * Capabilities every session announces. Only what works is listed. RES-MESSAGE is left out:
 * the store counts bytes per user, not messages. CONDSTORE (RFC 7162 section 3.1): every
 * mailbox has MODSEQs, so NOMODSEQ is never answered. QRESYNC (RFC 7162 section 3.2): the
 * change journal gives the UIDs expunged since a MODSEQ for JOURNAL_RETENTION_MS; past that,
 * VANISHED (EARLIER) names every UID that is not there, a superset the RFC allows. LITERAL-
 * (RFC 7888) is not listed: it is LITERAL+ limited to 4096 bytes, and LITERAL+ is offered,
 * taking non-synchronizing literals of any size up to MAX_LITERAL_BYTES.
 */
const BASE = [
  'IMAP4rev1',
  // RFC 9051: the session speaks IMAP4rev1 until ENABLE IMAP4rev2 (section 6.3.1).
  'IMAP4rev2',
  'LITERAL+',
  'SASL-IR',
  'ID',
  'ENABLE',
  'IDLE',
  'NAMESPACE',
  'UTF8=ACCEPT',
  'CHILDREN',
  'SPECIAL-USE',
  'UNSELECT',
  'UIDPLUS',
  'MOVE',
  `APPENDLIMIT=${APPEND_LIMIT_BYTES}`,
  'ESEARCH',
  'SEARCHRES',
  'LIST-EXTENDED',
  'LIST-STATUS',
  // RFC 8438: STATUS SIZE (in IMAP4rev2's base too).
  'STATUS=SIZE',
  'QUOTA',
  'QUOTA=RES-STORAGE',
  'CONDSTORE',
  'QRESYNC',
  'BINARY',
  'MULTIAPPEND',
  // RFC 4469: APPEND takes CATENATE (TEXT and URL parts).
  'CATENATE',
  'OBJECTID',
  'SORT',
  'ESORT',
  // RFC 5256 section 1: one THREAD= capability per threading algorithm.
  ...THREAD_ALGORITHMS.map((algorithm) => `THREAD=${algorithm}`),
];

/** The SASL mechanisms AUTHENTICATE takes (RFC 4616 PLAIN, and the common LOGIN). */
export const SASL_MECHANISMS = ['PLAIN', 'LOGIN'] as const;

/**
 * Whether credentials are refused on this connection: IMAP_REQUIRE_TLS and no TLS yet. LOGIN is
 * then refused (RFC 3501 section 6.2.3, LOGINDISABLED), and so is AUTHENTICATE: both mechanisms
 * offered here send the password in the clear.
 */
export function loginDisabled(session: Session): boolean {
  return session.env.requireTls && !session.secure;
}

/** The capability list for the session's current state (RFC 3501 section 7.2.1). */
export function capabilitiesFor(session: Session): string[] {
  if (session.state !== 'not-authenticated') return [...BASE];
  const list = [...BASE];
  if (session.env.secureContext && !session.secure) list.push('STARTTLS');
  // No mechanism is offered where every one would be refused.
  if (loginDisabled(session)) list.push('LOGINDISABLED');
  else for (const mechanism of SASL_MECHANISMS) list.push(`AUTH=${mechanism}`);
  return list;
}

/** Extensions ENABLE can turn on (RFC 5161); others are ignored, as section 3.1 requires. */
export const ENABLEABLE = ['UTF8=ACCEPT', 'CONDSTORE', 'QRESYNC', 'IMAP4rev2'] as const;
