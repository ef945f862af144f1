import {
  atom,
  fetchResponse,
  vanishedResponse,
  type QresyncParameter,
} from '@mailstore/imap-proto';
import type { MessageDoc } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import { withRecent, type RecentUids } from '../session/recent.js';
import type { Session } from '../session/session.js';
import { uidRanges, vanishedSince } from '../session/vanished.js';

/** The mailbox as SELECT/EXAMINE just read it. */
export interface SelectedView {
  id: ObjectId;
  uidValidity: number;
  uidCommitted: number;
  modseqCommitted: number;
  /** Its messages, ascending by UID: message sequence number = index + 1. */
  messages: readonly MessageDoc[];
  recent: RecentUids;
}

/**
 * The responses of SELECT/EXAMINE (QRESYNC ...) after the usual ones (RFC 7162 section 3.2.5.1):
 * `* VANISHED (EARLIER)` for the known UIDs expunged since the client's MODSEQ, then
 * `* n FETCH (UID u FLAGS (...) MODSEQ (m))` for each known message changed since then. Nothing
 * when the UIDVALIDITY differs: the client must then forget what it knew. seq-match-data is
 * not used: the journal, or the superset the RFC allows, answers without it.
 */
export async function qresyncResponses(
  session: Session,
  parameter: QresyncParameter,
  view: SelectedView,
): Promise<Buffer[]> {
  if (parameter.uidValidity !== view.uidValidity) return [];
  const whole = { ranges: [{ from: 1, to: '*' as const }] };
  const within = uidRanges(parameter.knownUids ?? whole, view.uidCommitted);
  const present = Uint32Array.from(view.messages.map((message) => message.uid));
  const vanished = await vanishedSince(session, {
    mailbox: view.id,
    sinceModseq: parameter.modseq,
    untilModseq: view.modseqCommitted,
    within,
    present,
  });
  const responses = [vanishedResponse(vanished, true)];

  view.messages.forEach((message, index) => {
    if (BigInt(message.modseq) <= parameter.modseq) return;
    if (!within.some(([low, high]) => message.uid >= low && message.uid <= high)) return;
    const flags = withRecent(view.recent, message.uid, message.flags).map(atom);
    const items = [
      ['UID', message.uid],
      ['FLAGS', flags],
      ['MODSEQ', [message.modseq]],
    ] as const;
    responses.push(fetchResponse(index + 1, items, session));
  });
  return responses;
}
