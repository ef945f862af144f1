import { atom, mailboxIdCode, statusResponse, untaggedResponse } from '@mailstore/imap-proto';
import {
  advanceMailbox,
  getMailboxByPath,
  listMailboxes,
  listMessages,
  MAILBOX_DELIMITER,
  type MailboxDoc,
} from '@mailstore/storage';
import { qresyncResponses } from './select-qresync.js';
import { claimRecent, peekRecent, RecentUids } from '../session/recent.js';
import { flagListResponses, keywordsOf } from '../session/flag-list.js';
import { noPendingChanges } from '../session/selected.js';
import { mailboxObjectId } from '../session/object-ids.js';
import type { Session } from '../session/session.js';
import { bad, no, ok, type Completion } from '../session/types.js';
import { listAttributes } from './list.js';
import { wireName } from './mailbox-names.js';
import type { CommandOf } from './registry.js';

/**
 * SELECT and EXAMINE (RFC 3501 sections 6.3.1 and 6.3.2). A failed SELECT leaves the session in
 * the authenticated state, as the RFC requires. SELECT claims the messages no session has seen
 * as \Recent for this session (see ../session/recent.ts); EXAMINE shows them without claiming.
 * Every mailbox has MODSEQs, so `[HIGHESTMODSEQ n]` (the committed MODSEQ watermark) is sent
 * with every SELECT and EXAMINE (RFC 7162 section 3.1.2.1); the CONDSTORE parameter enables
 * CONDSTORE for the session. The QRESYNC parameter adds what changed since the client's MODSEQ
 * (see select-qresync.ts); with QRESYNC enabled, leaving a mailbox sends `* OK [CLOSED]` first.
 * `* OK [MAILBOXID (id)]` gives the mailbox's objectid (RFC 8474 section 4.2).
 *
 * After ENABLE IMAP4rev2 (RFC 9051 section 6.3.2) the answer has no RECENT and no UNSEEN code,
 * claims no \Recent messages, and carries the mailbox's LIST response; leaving a mailbox sends
 * `* OK [CLOSED]` as with QRESYNC.
 */
export async function select(
  session: Session,
  command: CommandOf<'SELECT' | 'EXAMINE'>,
): Promise<Completion> {
  const unknown = command.parameters.find((name) => name !== 'CONDSTORE' && name !== 'QRESYNC');
  if (unknown) return bad(`${command.name} parameter ${unknown} is not supported`);
  // RFC 7162 section 3.2.5: QRESYNC without ENABLE QRESYNC first is a tagged BAD.
  if (command.qresync && !session.qresync) return bad('QRESYNC needs ENABLE QRESYNC first');
  if (session.selected && (session.qresync || session.rev2)) {
    // RFC 7162 section 3.2.11 and RFC 9051 section 6.3.2: responses after this one are about
    // the new mailbox.
    await session.write(statusResponse('*', 'OK', 'previous mailbox closed', { name: 'CLOSED' }));
  }
  session.select(null);
  const { store } = session.env;
  const mailbox = await getMailboxByPath(store, session.userId, command.mailbox);
  if (!mailbox) return no(`mailbox ${command.mailbox} does not exist`, { name: 'NONEXISTENT' });
  // RFC 7162 section 3.1: SELECT/EXAMINE (CONDSTORE) enables CONDSTORE; HIGHESTMODSEQ follows.
  if (command.parameters.includes('CONDSTORE')) session.condstore = true;

  const { uidCommitted, modseqCommitted } = await advanceMailbox(
    store,
    session.userId,
    mailbox._id,
  );
  const messages = await listMessages(store, session.userId, mailbox._id, uidCommitted);
  const readOnly = command.name === 'EXAMINE';
  const uids = Uint32Array.from(messages.map((message) => message.uid));
  const recent = new RecentUids();
  if (!session.rev2) {
    const before = readOnly
      ? await peekRecent(store, mailbox._id)
      : await claimRecent(store, mailbox._id, uidCommitted);
    recent.add(before + 1, uidCommitted);
  }
  const keywords = keywordsOf(messages);
  const lines = [
    ...flagListResponses(session, keywords, readOnly),
    untaggedResponse([messages.length, atom('EXISTS')], session),
    session.rev2
      ? await listResponse(session, mailbox)
      : untaggedResponse([recent.count(uids), atom('RECENT')], session),
    statusResponse('*', 'OK', 'UIDs valid', {
      name: 'UIDVALIDITY',
      args: String(mailbox.uidValidity),
    }),
    statusResponse('*', 'OK', 'predicted next UID', {
      name: 'UIDNEXT',
      args: String(uidCommitted + 1),
    }),
    statusResponse('*', 'OK', 'highest mod-sequence', {
      name: 'HIGHESTMODSEQ',
      args: String(modseqCommitted),
    }),
    statusResponse('*', 'OK', 'mailbox id', mailboxIdCode(mailboxObjectId(mailbox._id))),
  ];
  const firstUnseen = messages.findIndex((message) => !message.flags.includes('\\Seen')) + 1;
  if (firstUnseen > 0 && !session.rev2) {
    const code = { name: 'UNSEEN' as const, args: String(firstUnseen) };
    lines.push(statusResponse('*', 'OK', 'first unseen', code));
  }
  if (command.qresync) {
    const view = { ...mailbox, id: mailbox._id, uidCommitted, modseqCommitted, messages, recent };
    lines.push(...(await qresyncResponses(session, command.qresync, view)));
  }
  for (const line of lines) await session.write(line);

  session.select({
    id: mailbox._id,
    path: mailbox.path,
    readOnly,
    uidValidity: mailbox.uidValidity,
    uids,
    lastKnownUid: uidCommitted,
    modseq: modseqCommitted,
    ownModseqs: new Set(),
    pending: noPendingChanges(),
    recent,
    keywords,
  });
  const code = { name: readOnly ? ('READ-ONLY' as const) : ('READ-WRITE' as const) };
  return ok(`${command.name} completed`, code);
}

/** The selected mailbox's LIST response (RFC 9051 section 6.3.2), as LIST would give it. */
async function listResponse(session: Session, mailbox: MailboxDoc): Promise<Buffer> {
  const boxes = await listMailboxes(session.env.store, session.userId);
  const below = mailbox.path + MAILBOX_DELIMITER;
  const children = boxes.some((box) => box.path.startsWith(below));
  const entry = { path: mailbox.path, box: mailbox, subscribed: false, children, childInfo: false };
  const attributes = listAttributes(entry, false, false);
  const name = wireName(session, mailbox.path);
  return untaggedResponse([atom('LIST'), attributes, MAILBOX_DELIMITER, name], session);
}
