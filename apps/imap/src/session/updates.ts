import {
  atom,
  fetchResponse,
  statusResponse,
  untaggedResponse,
  type FetchItem,
} from '@mailstore/imap-proto';
import { takeExpunged } from './expunged.js';
import { addKeywords, flagListResponses } from './flag-list.js';
import { withRecent } from './recent.js';
import type { SelectedMailbox } from './selected.js';
import { lowerBound } from './sequence.js';
import type { Session } from './session.js';

/**
 * Sends the selected mailbox's pending changes (see PendingChanges) at the moments the RFCs
 * allow: at once while the session IDLEs (RFC 2177), otherwise just before a command's tagged
 * response (RFC 3501 section 7). Pending changes are kept by UID, a later change to a message
 * replacing an earlier one, so they never outgrow the mailbox and nothing is ever dropped.
 */
export class UpdateQueue {
  idling = false;

  constructor(private readonly session: Session) {}

  /**
   * Writes what is pending. EXPUNGE goes out only when `allowExpunge`: RFC 3501 section 7.4.1
   * forbids it while no command is in progress and while answering FETCH, STORE or SEARCH; held
   * back, the message keeps its sequence number and EXISTS still counts it.
   */
  async flush(allowExpunge: boolean): Promise<void> {
    const mailbox = this.session.selected;
    if (!mailbox) return;
    // Computed and applied in one synchronous step, then written in one piece: a refresh that
    // completes meanwhile cannot interleave its responses with these.
    const responses = takeResponses(this.session, mailbox, allowExpunge);
    if (responses.length > 0) await this.session.write(Buffer.concat(responses));
  }
}

function takeResponses(
  session: Session,
  mailbox: SelectedMailbox,
  allowExpunge: boolean,
): Buffer[] {
  const { pending } = mailbox;
  const responses: Buffer[] = [];
  if (allowExpunge && pending.expunged.size > 0) {
    // EXPUNGE, or VANISHED once QRESYNC is enabled (RFC 7162 section 3.2.10: same timing).
    responses.push(takeExpunged(session, mailbox, pending.expunged));
    pending.expunged.clear();
    pending.expungedAfter = null;
  }

  let newKeywords = false;
  for (const change of pending.flags.values()) {
    if (addKeywords(mailbox.keywords, change.flags)) newKeywords = true;
  }
  if (pending.added.length > 0 && addKeywords(mailbox.keywords, pending.addedKeywords)) {
    newKeywords = true;
  }
  pending.addedKeywords = [];
  // RFC 3501 section 7.2.6: a changed set of flags is announced before the FETCH using it, and
  // before the EXISTS of a new message that carries it.
  if (newKeywords)
    responses.push(...flagListResponses(session, mailbox.keywords, mailbox.readOnly));
  for (const [uid, change] of pending.flags) {
    const index = indexOfUid(mailbox.uids, uid);
    if (index < 0 || pending.expunged.has(uid)) continue;
    const items: FetchItem[] = [['FLAGS', withRecent(mailbox.recent, uid, change.flags).map(atom)]];
    // RFC 7162 section 3.1: once CONDSTORE is enabled, these carry UID and MODSEQ too.
    if (session.condstore) items.unshift(['UID', uid], ['MODSEQ', [change.modseq]]);
    responses.push(fetchResponse(index + 1, items, session));
  }
  pending.flags.clear();

  if (!allowExpunge && session.qresync && pending.expungedAfter !== null) {
    // QRESYNC (RFC 7162; RFC 5162 erratum 1810): MODSEQs sent while an expunge is held
    // back must be followed by a HIGHESTMODSEQ below the expunge's, or a client that resumes
    // from the highest MODSEQ it saw would never hear of the expunge.
    const code = { name: 'HIGHESTMODSEQ' as const, args: String(pending.expungedAfter) };
    responses.push(statusResponse('*', 'OK', 'expunges still to be reported', code));
  }

  if (pending.added.length > 0) {
    const uids = new Uint32Array(mailbox.uids.length + pending.added.length);
    uids.set(mailbox.uids);
    uids.set(pending.added, mailbox.uids.length);
    mailbox.uids = uids;
    pending.added = [];
    // RFC 3501 section 7.3.2: RECENT goes with the size change that brought new messages.
    responses.push(untaggedResponse([uids.length, atom('EXISTS')], session));
    // IMAP4rev2 has no RECENT response (RFC 9051 appendix E).
    if (!session.rev2) {
      responses.push(untaggedResponse([mailbox.recent.count(uids), atom('RECENT')], session));
    }
  }
  return responses;
}

/** The 0-based position of a UID in the session's ascending UIDs, or -1. */
export function indexOfUid(uids: Uint32Array, uid: number): number {
  const index = lowerBound(uids, uid);
  return uids[index] === uid ? index : -1;
}
