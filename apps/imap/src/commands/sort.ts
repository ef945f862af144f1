import {
  atom,
  checkCharset,
  isProtocolError,
  ProtocolError,
  untaggedResponse,
  type SortCriterion,
  type SortKey,
} from '@mailstore/imap-proto';
import { baseSubject, type Envelope, type EnvelopeAddress } from '@mailstore/mime';
import type { MessageDoc } from '@mailstore/storage';
import { enableCondstore } from '../session/condstore.js';
import { hasModseqKey } from '../session/search-match.js';
import { saveSearchResult } from '../session/search-result.js';
import type { SelectedMailbox } from '../session/selected.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';
import { forEachMatch } from './search.js';
import {
  esearchResponse,
  parseReturnOptions,
  resultModseq,
  savedSelection,
  type ReturnOption,
} from './search-response.js';

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
  modseq: number;
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
export function sentDate(envelope: Partial<Envelope>, internalDate: Date): number {
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

/** The matches of the search program, in the order of the sort criteria. */
async function sortedMatches(
  session: Session,
  mailbox: SelectedMailbox,
  command: CommandOf<'SORT' | 'UID SORT'>,
): Promise<SortEntry[]> {
  const entries: SortEntry[] = [];
  await forEachMatch(session, mailbox, command.criteria, (message, sequence) => {
    if (entries.length >= MAX_SORT_MESSAGES) tooMany();
    const keys = command.sortCriteria.map((criterion) => keyValue(criterion.key, message));
    entries.push({ sequence, uid: message.uid, modseq: message.modseq, keys });
  });
  return entries.sort((a, b) => compareEntries(command.sortCriteria, a, b));
}

/**
 * The answer: `* SORT n...` (RFC 5256 section 4), after a MODSEQ key ending with `(MODSEQ m)`
 * when it names messages (RFC 7162 section 3.1.6, sort-data); with RETURN options the ESEARCH
 * response of ESORT (RFC 5267 section 3.1), or null for SAVE alone (RFC 5182 section 2.1).
 */
function sortResponse(
  session: Session,
  command: CommandOf<'SORT' | 'UID SORT'>,
  options: ReadonlySet<ReturnOption> | null,
  entries: readonly SortEntry[],
): Buffer | null {
  const found = entries.map((entry) => (command.uid ? entry.uid : entry.sequence));
  const modseqs = hasModseqKey(command.criteria) ? entries.map((entry) => entry.modseq) : null;
  if (options) return esearchResponse(session, command, options, { found, modseqs });
  const suffix =
    modseqs && modseqs.length > 0 ? [[atom('MODSEQ'), resultModseq(null, modseqs)]] : [];
  return untaggedResponse([atom('SORT'), ...found, ...suffix], session);
}

/**
 * SORT and UID SORT (RFC 5256 sections 3 and 4): the messages SEARCH would find, ordered by
 * the sort criteria, answered as `* SORT n...` (sequence numbers, or UIDs for UID SORT). The
 * keys come from the message document (envelope, internal date, size). A charset other than
 * UTF-8 or US-ASCII is NO [BADCHARSET]; the MODSEQ key enables CONDSTORE (RFC 7162 section 3.1).
 *
 * ESORT (RFC 5267 section 3): `SORT RETURN (MIN MAX COUNT ALL)` answers with ESEARCH, MIN and
 * MAX being the first and last message in sort order and ALL the matches in sort order; `()`
 * means ALL. SAVE (RFC 5182, a SORT being a command based on SEARCH, section 1) keeps the
 * matches for `$` as SEARCH's does: as a set, whatever their order; with MIN and/or MAX and
 * neither ALL nor COUNT, just the first and/or last sorted; emptied by a SAVE sort that fails
 * with NO, kept by one that is BAD (section 2.1). Other options are BAD.
 */
export async function sort(
  session: Session,
  command: CommandOf<'SORT' | 'UID SORT'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  const { returnOptions } = command;
  const options = returnOptions ? parseReturnOptions(returnOptions, 'SORT') : null;
  const save = options?.has('SAVE') === true;

  let entries: SortEntry[];
  try {
    checkCharset(command.charset);
    if (hasModseqKey(command.criteria)) await enableCondstore(session);
    entries = await sortedMatches(session, mailbox, command);
  } catch (error) {
    const bad = isProtocolError(error) && error.status === 'BAD';
    if (save && !bad) saveSearchResult(mailbox, []);
    throw error;
  }

  const uids = entries.map((entry) => entry.uid);
  if (options && save) saveSearchResult(mailbox, savedSelection(options, uids));
  const response = sortResponse(session, command, options, entries);
  if (response) await session.write(response);
  return ok(`${command.name} completed`);
}
