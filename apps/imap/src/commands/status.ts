import {
  atom,
  objectIdValue,
  untaggedResponse,
  type ImapValue,
  type StatusItem,
} from '@mailstore/imap-proto';
import {
  advanceMailbox,
  getMailboxByPath,
  listMessages,
  MAX_MESSAGE_BYTES,
  type MessageDoc,
} from '@mailstore/storage';
import { enableCondstore } from '../session/condstore.js';
import { mailboxObjectId } from '../session/object-ids.js';
import { peekRecent } from '../session/recent.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import { wireName } from './mailbox-names.js';
import type { CommandOf } from './registry.js';

function count(messages: readonly MessageDoc[], test: (flags: string[]) => boolean): number {
  return messages.reduce((sum, message) => sum + (test(message.flags) ? 1 : 0), 0);
}

function isDeleted(flags: readonly string[]): boolean {
  return flags.includes('\\Deleted');
}

/** RFC822.SIZE summed: what SIZE (RFC 8438) and DELETED-STORAGE (RFC 9208) report, in octets. */
function sizeOf(messages: readonly MessageDoc[]): number {
  return messages.reduce((sum, message) => sum + message.size, 0);
}

/** Items answered from the mailbox document and Redis alone, without listing the messages. */
const WITHOUT_LISTING: ReadonlySet<StatusItem> = new Set([
  'UIDNEXT',
  'UIDVALIDITY',
  'HIGHESTMODSEQ',
  'APPENDLIMIT',
  'MAILBOXID',
]);

/**
 * STATUS (RFC 3501 section 6.3.10, RFC 9051 DELETED and SIZE, RFC 7889 APPENDLIMIT, RFC 9208
 * DELETED-STORAGE: the octets EXPUNGE would free, exactly the RFC822.SIZE of the \Deleted
 * messages, since a message's bytes are charged to the quota by that size). RECENT
 * counts the messages no session has claimed as \Recent yet (STATUS claims nothing). The
 * messages are listed only when an item needs them. HIGHESTMODSEQ is the committed MODSEQ
 * watermark and enables CONDSTORE (RFC 7162 section 3.1). MAILBOXID is the mailbox's objectid
 * (RFC 8474 section 4.3), which LIST RETURN (STATUS (MAILBOXID)) answers through here too.
 * TODO(#5): the store keeps no per-mailbox message, unseen or size counters, so MESSAGES,
 * UNSEEN, DELETED, DELETED-STORAGE, SIZE and RECENT list the messages.
 */
export async function status(session: Session, command: CommandOf<'STATUS'>): Promise<Completion> {
  const { store } = session.env;
  const mailbox = await getMailboxByPath(store, session.userId, command.mailbox);
  if (!mailbox) return no(`mailbox ${command.mailbox} does not exist`, { name: 'NONEXISTENT' });
  if (command.items.includes('HIGHESTMODSEQ')) await enableCondstore(session);

  const { uidCommitted, modseqCommitted } = await advanceMailbox(
    store,
    session.userId,
    mailbox._id,
  );
  const listing = command.items.every((item) => WITHOUT_LISTING.has(item))
    ? []
    : await listMessages(store, session.userId, mailbox._id, uidCommitted);
  const claimed = command.items.includes('RECENT') ? await peekRecent(store, mailbox._id) : 0;
  const values: Record<StatusItem, () => ImapValue> = {
    MESSAGES: () => listing.length,
    RECENT: () => listing.filter((message) => message.uid > claimed).length,
    UIDNEXT: () => uidCommitted + 1,
    UIDVALIDITY: () => mailbox.uidValidity,
    UNSEEN: () => count(listing, (flags) => !flags.includes('\\Seen')),
    DELETED: () => count(listing, isDeleted),
    'DELETED-STORAGE': () => sizeOf(listing.filter((message) => isDeleted(message.flags))),
    SIZE: () => sizeOf(listing),
    HIGHESTMODSEQ: () => modseqCommitted,
    APPENDLIMIT: () => MAX_MESSAGE_BYTES,
    MAILBOXID: () => objectIdValue(mailboxObjectId(mailbox._id)),
  };
  const items: ImapValue[] = command.items.flatMap((item) => [atom(item), values[item]()]);
  const reply = [atom('STATUS'), wireName(session, mailbox.path), items];
  await session.write(untaggedResponse(reply, session));
  return ok('STATUS completed');
}
