import { vanishedResponse } from '@mailstore/imap-proto';
import type { SelectedMailbox } from './selected.js';
import type { Session } from './session.js';

/**
 * The responses that tell the client messages are gone, and drops them from the session's view:
 * `* n EXPUNGE` for each, highest sequence number first, as each shifts only the numbers above
 * it (RFC 3501 section 7.4.1); once QRESYNC is enabled one `* VANISHED uid-set` instead, which
 * RFC 7162 section 3.2.10 requires in place of EXPUNGE. UIDs the client was never told of are
 * left out: VANISHED lowers EXISTS by the number of UIDs it names.
 */
export function takeExpunged(
  session: Session,
  mailbox: SelectedMailbox,
  gone: ReadonlySet<number>,
): Buffer {
  if (gone.size === 0) return Buffer.alloc(0);
  const lines: string[] = [];
  const vanished: number[] = [];
  for (let index = mailbox.uids.length - 1; index >= 0; index -= 1) {
    const uid = mailbox.uids[index] as number;
    if (!gone.has(uid)) continue;
    if (session.qresync) vanished.push(uid);
    else lines.push(`* ${index + 1} EXPUNGE\r\n`);
  }
  mailbox.uids = mailbox.uids.filter((uid) => !gone.has(uid));
  return session.qresync ? vanishedResponse(vanished, false) : Buffer.from(lines.join(''));
}
