import {
  atom,
  ProtocolError,
  untaggedResponse,
  type SortCriterion,
  type SortKey,
} from '@mailstore/imap-proto';
import { baseSubject, type Envelope, type EnvelopeAddress } from '@mailstore/mime';
import type { MessageDoc } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { bad, no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';
import { forEachMatch } from './search.js';

/**
 * Most messages one SORT orders: every match is held in memory with its keys until the sort,
 * so a larger result is refused with `NO [LIMIT]` rather than grown without bound.
 */
export const MAX_SORT_MESSAGES = 100_000;

/**
 * String keys (base subject, address mailbox) are compared on their first this many bytes:
 * bounds what each held match costs; strings alike that far compare equal.
 */
export const SORT_KEY_MAX_BYTES = 256;

/** A sort key's value: milliseconds or octets for numbers, i;ascii-casemap bytes for text. */
type KeyValue = number | Buffer;

/** One matched message: what the response names and its keys, in the criteria's order. */
interface SortEntry {
  sequence: number;
  uid: number;
  keys: KeyValue[];
}

/**
 * The i;ascii-casemap collation of RFC 4790 section 9.2, which RFC 5256 section 3 asks for:
 * a-z as A-Z, then the UTF-8 octets compared as they are.
 */
function casemap(text: string): Buffer {
  const bytes = Buffer.from(
    text.replace(/[a-z]+/g, (run) => run.toUpperCase()),
    'utf8',
  );
  return bytes.subarray(0, SORT_KEY_MAX_BYTES);
}

/** addr-mailbox of the first address that is not a group marker, or '' (RFC 5256 section 3). */
function firstMailbox(addresses: EnvelopeAddress[] | null | undefined): string {
  const first = addresses?.find((address) => address.host !== null);
  return first?.mailbox ?? '';
}

/**
 * The sent date of RFC 5256 section 2.2, in milliseconds: the Date header field, or the
 * internal date when it is missing or cannot be parsed.
 */
function sentDate(envelope: Partial<Envelope>, internalDate: Date): number {
  const sent = envelope.date ? Date.parse(envelope.date) : Number.NaN;
  return Number.isFinite(sent) ? sent : internalDate.getTime();
}

/** The value of one sort key (RFC 5256 section 3); a missing string is the empty string. */
function keyValue(key: SortKey, message: MessageDoc): KeyValue {
  const envelope = (message.envelope ?? {}) as Partial<Envelope>;
  switch (key) {
    case 'ARRIVAL':
      return message.internalDate.getTime();
    case 'DATE':
      return sentDate(envelope, message.internalDate);
    case 'SIZE':
      return message.size;
    case 'SUBJECT':
      return casemap(baseSubject(envelope.subject ?? ''));
    case 'FROM':
      return casemap(firstMailbox(envelope.from));
    case 'TO':
      return casemap(firstMailbox(envelope.to));
    case 'CC':
      return casemap(firstMailbox(envelope.cc));
  }
}

function compareValues(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(a as Buffer, b as Buffer);
}

/**
 * Orders by each criterion in turn, REVERSE turning one around; messages equal on every
 * criterion keep their order in the mailbox, by sequence number (RFC 5256 section 3).
 */
function compareEntries(criteria: readonly SortCriterion[], a: SortEntry, b: SortEntry): number {
  for (const [index, criterion] of criteria.entries()) {
    const order = compareValues(a.keys[index]!, b.keys[index]!);
    if (order !== 0) return criterion.reverse ? -order : order;
  }
  return a.sequence - b.sequence;
}

function tooMany(): never {
  throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'too many messages to sort', {
    status: 'NO',
    responseCode: { name: 'LIMIT' },
  });
}

/**
 * SORT and UID SORT (RFC 5256 sections 3 and 4): the messages SEARCH would find, ordered by
 * the sort criteria, answered as `* SORT n...` (sequence numbers, or UIDs for UID SORT). The
 * keys come from the message document (envelope, internal date, size); the charset was checked
 * by the parser. RETURN (ESORT, RFC 5267) is not offered: BAD.
 */
export async function sort(
  session: Session,
  command: CommandOf<'SORT' | 'UID SORT'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  // TODO(#5): ESORT (RFC 5267 section 3): answer RETURN (MIN MAX COUNT ALL) with ESEARCH.
  if (command.returnOptions !== null) return bad('SORT RETURN (ESORT) is not supported');

  const entries: SortEntry[] = [];
  await forEachMatch(session, mailbox, command.criteria, (message, sequence) => {
    if (entries.length >= MAX_SORT_MESSAGES) tooMany();
    const keys = command.sortCriteria.map((criterion) => keyValue(criterion.key, message));
    entries.push({ sequence, uid: message.uid, keys });
  });

  entries.sort((a, b) => compareEntries(command.sortCriteria, a, b));
  const numbers = entries.map((entry) => (command.uid ? entry.uid : entry.sequence));
  await session.write(untaggedResponse([atom('SORT'), ...numbers], session));
  return ok(`${command.name} completed`);
}
