import { findUserByLogin } from '@mailstore/auth';
import {
  badUrlCode,
  parseMessageUrl,
  type ImapMessageUrl,
  type ImapUrlServer,
} from '@mailstore/imap-proto';
import { getMailboxByPath, type MailboxDoc } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { no, type Completion } from '../session/types.js';
import { openBodySection, type BodyValue } from './fetch-body.js';

/** An RFC 5092 partial-range without a length runs to the end of the section. */
const TO_THE_END = Number.MAX_SAFE_INTEGER;

/**
 * Opens what a CATENATE URL part names (RFC 4469 section 3): a message of this user's, or a
 * section of one, as `BODY.PEEK[section]<partial>` gives it (so no flag changes). The URL is a
 * path, relative (`;UID=...` to the selected mailbox), or absolute naming this server's host
 * (SERVER_NAME; any port, since every listener serves the same store) and the logged-in user,
 * by username or by an address that logs in as them. Anything else is `NO [BADURL url]`
 * (section 4.1): bad syntax, another server or user, an unknown mailbox, a UIDVALIDITY that
 * does not match, an unknown UID or section, and URLAUTH (RFC 4467), which is not offered.
 */
export async function openCatenateUrl(
  session: Session,
  reference: string,
): Promise<BodyValue | Completion> {
  const parsed = parseMessageUrl(reference, session.selected?.path ?? null);
  if ('error' in parsed) return badUrl(reference, parsed.error);
  const { url } = parsed;
  if (url.urlauth) return badUrl(reference, 'URLAUTH is not supported');
  const stranger = url.server && (await strangerIn(session, url.server));
  if (stranger) return badUrl(reference, stranger);

  const mailbox = await findMailbox(session, url);
  if (!mailbox) return badUrl(reference, 'no such mailbox');
  if (url.uidValidity !== null && url.uidValidity !== mailbox.uidValidity) {
    return badUrl(reference, 'UIDVALIDITY does not match');
  }
  const partial = url.partial && {
    origin: url.partial.origin,
    length: url.partial.length ?? TO_THE_END,
  };
  const section = url.section ?? { part: [], text: null, fields: [] };
  const attribute = { item: 'BODY[]', peek: true, section, partial } as const;
  const opened = await openBodySection(session, mailbox._id, url.uid, attribute);
  return opened ?? badUrl(reference, 'no such message or section');
}

/** Why an absolute URL's server part is not this session's; null when it is. */
async function strangerIn(session: Session, server: ImapUrlServer): Promise<string | null> {
  if (server.host !== session.env.serverName.toLowerCase()) return 'the URL names another server';
  if (server.user === null) return 'the URL names no user';
  const user = session.user;
  if (!user) return 'not logged in';
  if (server.user.normalize('NFC').toLowerCase() === user.username) return null;
  const named = await findUserByLogin(session.env.store, server.user);
  return named?._id.equals(user.id) ? null : 'the URL names another user';
}

/**
 * The mailbox a URL names: its name as UTF-8 (RFC 5092), else as modified UTF-7 (how RFC 2192
 * URLs, which many clients still write, encode names).
 */
async function findMailbox(session: Session, url: ImapMessageUrl): Promise<MailboxDoc | null> {
  const { store } = session.env;
  const mailbox = await getMailboxByPath(store, session.userId, url.mailbox);
  if (mailbox || url.mailboxUtf7 === null) return mailbox;
  return getMailboxByPath(store, session.userId, url.mailboxUtf7);
}

function badUrl(reference: string, reason: string): Completion {
  return no(`bad URL: ${reason}`, badUrlCode(reference));
}
