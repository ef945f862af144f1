import {
  atom,
  bodyStructureValue,
  envelopeValue,
  objectIdValue,
  vanishedResponse,
  type EnvelopeData,
  type SequenceSet,
  type FetchItem,
  type FetchAttribute,
} from '@mailstore/imap-proto';
import { loadMessages, storeFlags, type MessageDoc } from '@mailstore/storage';
import { toBodyStructureData } from './body-structure.js';
import {
  isBodyAttribute,
  openBodyItem,
  setsSeen,
  type BodyAttribute,
  type BodyValue,
} from './fetch-body.js';
import {
  checkBinaryEncodings,
  isBinaryAttribute,
  UnknownCteError,
  type BinaryAttribute,
  type BinarySizeAttribute,
} from './binary-encoding.js';
import { BinaryReader } from './fetch-binary.js';
import { writeFetchResponse } from './fetch-response.js';
import { enableCondstore } from '../session/condstore.js';
import { emailObjectId, threadObjectId } from '../session/object-ids.js';
import { resolvePositions } from '../session/sequence.js';
import type { SelectedMailbox } from '../session/selected.js';
import type { Session } from '../session/session.js';
import { savedUids } from '../session/search-result.js';
import { uidRanges, vanishedSince } from '../session/vanished.js';
import { bad, no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** FETCH items served so far. */
const SUPPORTED = new Set([
  'FLAGS',
  'UID',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODY',
  'BODYSTRUCTURE',
  'MODSEQ',
  'EMAILID',
  'THREADID',
]);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** date-time of RFC 3501 section 9, in UTC: `05-Mar-2021 09:00:00 +0000`. */
export function formatInternalDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = two(date.getUTCDate());
  const month = MONTHS[date.getUTCMonth()] as string;
  const clock = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  const time = clock.map(two).join(':');
  return `${day}-${month}-${date.getUTCFullYear()} ${time} +0000`;
}

/**
 * The FETCH items of one message, in the order asked (UID first for UID FETCH); FLAGS carries
 * \Recent when the message is recent in this session.
 */
export function fetchItems(
  message: MessageDoc,
  names: readonly string[],
  recent = false,
): FetchItem[] {
  return names.map((name): FetchItem => {
    switch (name) {
      case 'UID':
        return ['UID', message.uid];
      case 'FLAGS':
        return ['FLAGS', (recent ? [...message.flags, '\\Recent'] : message.flags).map(atom)];
      case 'INTERNALDATE':
        return ['INTERNALDATE', formatInternalDate(message.internalDate)];
      case 'BODY':
        return ['BODY', bodyStructureValue(toBodyStructureData(message.bodyStructure), false)];
      case 'BODYSTRUCTURE':
        return [
          'BODYSTRUCTURE',
          bodyStructureValue(toBodyStructureData(message.bodyStructure), true),
        ];
      case 'ENVELOPE':
        // libs/mime's Envelope has the shape EnvelopeData describes.
        return ['ENVELOPE', envelopeValue(message.envelope as EnvelopeData)];
      case 'MODSEQ':
        return ['MODSEQ', [message.modseq]];
      // RFC 8474 sections 5.1 and 5.2 (see ../session/object-ids.ts).
      case 'EMAILID':
        return ['EMAILID', objectIdValue(emailObjectId(message))];
      case 'THREADID':
        return ['THREADID', objectIdValue(threadObjectId(message))];
      default:
        return ['RFC822.SIZE', message.size];
    }
  });
}

/**
 * Messages loaded at a time: a FETCH of a large range holds one batch of documents in memory,
 * not the whole range.
 */
export const FETCH_BATCH_MESSAGES = 200;

/**
 * FETCH and UID FETCH (RFC 3501 sections 6.4.5 and 6.4.8) of FLAGS, UID, INTERNALDATE,
 * RFC822.SIZE, ENVELOPE, BODY, BODYSTRUCTURE, BODY[section]<partial> (HEADER.FIELDS too),
 * BODY.PEEK, RFC822, RFC822.HEADER and RFC822.TEXT, read in batches. Fetching a body without
 * .PEEK sets \Seen and reports the new FLAGS. Large body sections are streamed to the socket
 * (see fetch-response.ts). MODSEQ and the CHANGEDSINCE modifier (which implies MODSEQ and
 * leaves out messages whose MODSEQ is not above it) enable CONDSTORE (RFC 7162 sections 3.1.4
 * and 3.1.4.1); once it is enabled, a FETCH that sets \Seen reports UID and MODSEQ with FLAGS.
 * UID FETCH ... (CHANGEDSINCE n VANISHED) first names the UIDs of the set expunged since n.
 * BINARY[part]<partial>, BINARY.PEEK and BINARY.SIZE (RFC 3516 section 4.2) answer a part with
 * its Content-Transfer-Encoding removed (see fetch-binary.ts); a part whose encoding is unknown
 * fails the FETCH with NO [UNKNOWN-CTE] before anything is marked \Seen. EMAILID and THREADID
 * give the message's object identifiers (RFC 8474 sections 5.1 and 5.2).
 */
export async function fetch(
  session: Session,
  command: CommandOf<'FETCH' | 'UID FETCH'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  const bodies = command.attributes.filter(isBodyAttribute);
  const binaries = command.attributes.filter(isBinaryAttribute);
  const sizes = command.attributes.filter(isBinarySize);
  const names: string[] = command.attributes
    .filter((a) => !isBodyAttribute(a) && !isBinaryAttribute(a) && !isBinarySize(a))
    .map((attribute) => attribute.item);
  const missing = names.find((name) => !SUPPORTED.has(name));
  if (missing) return no(`FETCH ${missing} is not available yet`, { name: 'UNAVAILABLE' });
  if (command.uid && !names.includes('UID')) names.unshift('UID');
  const { changedSince } = command;
  if (changedSince !== null && !names.includes('MODSEQ')) names.push('MODSEQ');
  if (names.includes('MODSEQ')) await enableCondstore(session);

  // RFC 7162 section 3.2.6: VANISHED without ENABLE QRESYNC first is a tagged BAD.
  if (command.vanished && !session.qresync) return bad('VANISHED needs ENABLE QRESYNC first');

  const positions = resolvePositions(mailbox, command.sequenceSet, command.uid);
  if (command.vanished && changedSince !== null) {
    await reportVanishedEarlier(session, mailbox, command.sequenceSet, changedSince);
  }
  const request = { names, bodies, binaries, sizes, changedSince };
  try {
    for (let start = 0; start < positions.length; start += FETCH_BATCH_MESSAGES) {
      const batch = positions.slice(start, start + FETCH_BATCH_MESSAGES);
      await fetchBatch(session, mailbox, batch, request);
    }
  } catch (error) {
    if (error instanceof UnknownCteError) return no(error.message, { name: 'UNKNOWN-CTE' });
    throw error;
  }
  return ok(`${command.name} completed`);
}

function isBinarySize(attribute: FetchAttribute): attribute is BinarySizeAttribute {
  return attribute.item === 'BINARY.SIZE';
}

/**
 * `* VANISHED (EARLIER)` for the UIDs of the set expunged since CHANGEDSINCE, before the FETCH
 * responses (RFC 7162 section 3.2.6), as of the session's view: expunges it has not told the
 * client yet (still in `uids`) go out as VANISHED before the tagged response instead.
 */
async function reportVanishedEarlier(
  session: Session,
  mailbox: SelectedMailbox,
  set: SequenceSet,
  changedSince: bigint,
): Promise<void> {
  const present = Uint32Array.from([...mailbox.uids, ...mailbox.pending.added]);
  const vanished = await vanishedSince(session, {
    mailbox: mailbox.id,
    sinceModseq: changedSince,
    untilModseq: mailbox.modseq,
    within: uidRanges(set, mailbox.lastKnownUid, savedUids(mailbox)),
    present,
  });
  const response = vanishedResponse(vanished, true);
  if (response.length > 0) await session.write(response);
}

/** What one FETCH asks of every batch. */
interface FetchRequest {
  names: readonly string[];
  bodies: readonly BodyAttribute[];
  binaries: readonly BinaryAttribute[];
  sizes: readonly BinarySizeAttribute[];
  /** CHANGEDSINCE: only messages whose MODSEQ is above it. */
  changedSince: bigint | null;
}

/** Loads, marks \Seen where a body item asks it, and writes the responses of one batch. */
async function fetchBatch(
  session: Session,
  mailbox: SelectedMailbox,
  positions: readonly number[],
  request: FetchRequest,
): Promise<void> {
  const { store } = session.env;
  const { bodies, binaries, sizes, changedSince } = request;
  const names = [...request.names];
  let messages = await loadMessages(
    store,
    session.userId,
    mailbox.id,
    positions.map((index) => mailbox.uids[index] as number),
  );
  if (changedSince !== null) {
    messages = messages.filter((message) => BigInt(message.modseq) > changedSince);
  }
  for (const message of messages) checkBinaryEncodings(message, [...binaries, ...sizes]);
  const uids = messages.map((message) => message.uid);
  const unseen = messages.filter((message) => !message.flags.includes('\\Seen'));
  const marksSeen = bodies.some(setsSeen) || binaries.some((binary) => !binary.peek);
  if (!mailbox.readOnly && marksSeen && unseen.length > 0) {
    const input = { user: session.userId, mailbox: mailbox.id, flags: ['\\Seen'] };
    const uidsToMark = unseen.map((message) => message.uid);
    const result = await storeFlags(store, { ...input, uids: uidsToMark, mode: 'add' });
    for (const change of result.changed) mailbox.ownModseqs.add(change.modseq);
    messages = await loadMessages(store, session.userId, mailbox.id, uids);
    if (!names.includes('FLAGS')) names.push('FLAGS');
    // RFC 7162 section 3.1: a FETCH that sets \Seen reports UID and MODSEQ once enabled.
    if (session.condstore && !names.includes('UID')) names.push('UID');
    if (session.condstore && !names.includes('MODSEQ')) names.push('MODSEQ');
  }

  const byUid = new Map(messages.map((message) => [message.uid, message]));
  for (const index of positions) {
    const message = byUid.get(mailbox.uids[index] as number);
    if (!message) continue;
    const values: BodyValue[] = [];
    for (const body of bodies) {
      values.push(await openBodyItem(session, mailbox.id, message.uid, body));
    }
    const reader = new BinaryReader(session, message);
    for (const binary of binaries) values.push(await reader.item(binary));
    const items = fetchItems(message, names, mailbox.recent.has(message.uid));
    for (const size of sizes) items.push(await reader.size(size));
    await writeFetchResponse(session, index + 1, items, values);
  }
}
