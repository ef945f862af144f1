import {
  isProtocolError,
  ProtocolError,
  SEARCH_CHARSETS,
  type SearchKey,
} from '@mailstore/imap-proto';
import { loadMessages, readSearchContent, type MessageDoc } from '@mailstore/storage';
import { hasModseqKey, matches, needsContent, type Candidate } from '../session/search-match.js';
import { enableCondstore } from '../session/condstore.js';
import { savedUids, saveSearchResult } from '../session/search-result.js';
import type { SelectedMailbox } from '../session/selected.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';
import { parseReturnOptions, savedSelection, searchResponse } from './search-response.js';

/**
 * Messages loaded at a time: a search of a large mailbox holds one batch of documents (and
 * their decoded text for BODY/TEXT/HEADER) in memory, not the whole mailbox.
 */
export const SEARCH_BATCH_MESSAGES = 200;

/**
 * SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8) over the messages the session
 * knows, read in batches. Answered with `* SEARCH` numbers in ascending order, or with
 * `* ESEARCH` when the client gave RETURN options (RFC 4731) or enabled IMAP4rev2. CHARSET may be UTF-8 or US-ASCII;
 * others get `NO [BADCHARSET]`. The MODSEQ key enables CONDSTORE and adds the MODSEQ of the found
 * messages to the response (RFC 7162 section 3.1.5). RETURN (SAVE) keeps the result for `$`
 * (RFC 5182, see search-result.ts); a SAVE search that fails with NO empties it, one that is
 * BAD leaves it as it was (section 2.1).
 */
export async function search(
  session: Session,
  command: CommandOf<'SEARCH' | 'UID SEARCH'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  // IMAP4rev2 has no `* SEARCH` response: a SEARCH without RETURN is RETURN (ALL) (RFC 9051
  // section 6.4.4), answered with ESEARCH.
  const returnOptions = command.returnOptions ?? (session.rev2 ? [] : null);
  const options = returnOptions ? parseReturnOptions(returnOptions) : null;
  const save = options?.has('SAVE') === true;
  let result: FoundMessages;
  try {
    checkSearchCharset(command.charset);
    result = await findMessages(session, mailbox, command.criteria);
  } catch (error) {
    if (save && !(isProtocolError(error) && error.status === 'BAD')) {
      saveSearchResult(mailbox, []);
    }
    throw error;
  }

  const { sequences, uids, modseqs } = result;
  if (options && save) saveSearchResult(mailbox, savedSelection(options, uids));
  const found = command.uid ? uids : sequences;
  const response = searchResponse(session, command, options, { found, modseqs });
  if (response) await session.write(response);
  return ok(`${command.name} completed`);
}

/** The messages a search found, ascending; their MODSEQs only after a MODSEQ key. */
interface FoundMessages {
  sequences: number[];
  uids: number[];
  modseqs: number[] | null;
}

/** Runs the search; the MODSEQ key enables CONDSTORE first (RFC 7162 section 3.1). */
async function findMessages(
  session: Session,
  mailbox: SelectedMailbox,
  criteria: SearchKey,
): Promise<FoundMessages> {
  const withModseq = hasModseqKey(criteria);
  if (withModseq) await enableCondstore(session);
  const found: FoundMessages = { sequences: [], uids: [], modseqs: withModseq ? [] : null };
  await forEachMatch(session, mailbox, criteria, (message, sequence) => {
    found.sequences.push(sequence);
    found.uids.push(message.uid);
    found.modseqs?.push(message.modseq);
  });
  return found;
}

/** `CHARSET x`: UTF-8 and US-ASCII are taken; any other is NO [BADCHARSET] (RFC 3501 6.4.4). */
function checkSearchCharset(charset: string | null): void {
  if (charset === null || SEARCH_CHARSETS.some((known) => known === charset)) return;
  throw new ProtocolError('IMAP_BAD_CHARSET', `charset ${charset} is not supported`, {
    status: 'NO',
    responseCode: { name: 'BADCHARSET', args: `(${SEARCH_CHARSETS.join(' ')})` },
  });
}

/**
 * Calls `visit` with each message of the selected mailbox that matches `criteria`, in mailbox
 * order, with its sequence number; reads the messages in batches of SEARCH_BATCH_MESSAGES.
 * A visit may return a promise: the batch's promises are awaited before the next batch is
 * read (THREAD reads the headers of documents stored without thread links so). SEARCH, SORT
 * and THREAD share it.
 */
export async function forEachMatch(
  session: Session,
  mailbox: SelectedMailbox,
  criteria: SearchKey,
  visit: (message: MessageDoc, sequence: number) => void | Promise<void>,
): Promise<void> {
  const uids = mailbox.uids.slice();
  const saved = savedUids(mailbox);
  for (let start = 0; start < uids.length; start += SEARCH_BATCH_MESSAGES) {
    const batch = Array.from(uids.subarray(start, start + SEARCH_BATCH_MESSAGES));
    const messages = await loadMessages(session.env.store, session.userId, mailbox.id, batch);
    const candidates = await toCandidates(session, messages, criteria);
    const byUid = new Map(candidates.map((candidate) => [candidate.message.uid, candidate]));
    const visits: Array<Promise<void>> = [];
    batch.forEach((uid, offset) => {
      const sequence = start + offset + 1;
      const candidate = byUid.get(uid);
      if (!candidate) return;
      const last = { lastSequence: uids.length, lastUid: uids.at(-1)! };
      const known = { ...candidate, ...last, sequence, saved };
      const recent = mailbox.recent.has(uid);
      if (!matches(criteria, { ...known, recent })) return;
      const visited = visit(candidate.message, sequence);
      if (visited) visits.push(visited);
    });
    await Promise.all(visits);
  }
}

/** One batch's candidates, with their search content read when the criteria need it. */
async function toCandidates(
  session: Session,
  messages: MessageDoc[],
  criteria: SearchKey,
): Promise<Candidate[]> {
  const blank = { sequence: 0, lastSequence: 0, lastUid: 0 };
  if (!needsContent(criteria)) return messages.map((message) => ({ ...blank, message }));
  const { store } = session.env;
  return Promise.all(
    messages.map(async (message) => ({
      ...blank,
      message,
      content: await readSearchContent(store, message),
    })),
  );
}
