import type { SearchKey } from '@mailstore/imap-proto';
import { loadMessages, readSearchContent, type MessageDoc } from '@mailstore/storage';
import { hasModseqKey, matches, needsContent, type Candidate } from '../session/search-match.js';
import { enableCondstore } from '../session/condstore.js';
import type { SelectedMailbox } from '../session/selected.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';
import { parseReturnOptions, searchResponse } from './search-response.js';

/**
 * Messages loaded at a time: a search of a large mailbox holds one batch of documents (and
 * their decoded text for BODY/TEXT/HEADER) in memory, not the whole mailbox.
 */
export const SEARCH_BATCH_MESSAGES = 200;

/**
 * SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8) over the messages the session
 * knows, read in batches. Answered with `* SEARCH` numbers in ascending order, or with
 * `* ESEARCH` when the client gave RETURN options (RFC 4731). CHARSET was checked by the
 * parser (UTF-8 and US-ASCII; others get `NO [BADCHARSET]`). The MODSEQ key enables CONDSTORE
 * and adds the MODSEQ of the found messages to the response (RFC 7162 section 3.1.5).
 */
export async function search(
  session: Session,
  command: CommandOf<'SEARCH' | 'UID SEARCH'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  const options = command.returnOptions ? parseReturnOptions(command.returnOptions) : null;
  const withModseq = hasModseqKey(command.criteria);
  if (withModseq) await enableCondstore(session);

  const found: number[] = [];
  const modseqs: number[] = [];
  await forEachMatch(session, mailbox, command.criteria, (message, sequence) => {
    found.push(command.uid ? message.uid : sequence);
    modseqs.push(message.modseq);
  });

  const response = { found, modseqs: withModseq ? modseqs : null };
  await session.write(searchResponse(session, command, options, response));
  return ok(`${command.name} completed`);
}

/**
 * Calls `visit` with each message of the selected mailbox that matches `criteria`, in mailbox
 * order, with its sequence number; reads the messages in batches of SEARCH_BATCH_MESSAGES.
 * SEARCH and SORT share it.
 */
export async function forEachMatch(
  session: Session,
  mailbox: SelectedMailbox,
  criteria: SearchKey,
  visit: (message: MessageDoc, sequence: number) => void,
): Promise<void> {
  const uids = mailbox.uids.slice();
  for (let start = 0; start < uids.length; start += SEARCH_BATCH_MESSAGES) {
    const batch = Array.from(uids.subarray(start, start + SEARCH_BATCH_MESSAGES));
    const messages = await loadMessages(session.env.store, session.userId, mailbox.id, batch);
    const candidates = await toCandidates(session, messages, criteria);
    const byUid = new Map(candidates.map((candidate) => [candidate.message.uid, candidate]));
    batch.forEach((uid, offset) => {
      const sequence = start + offset + 1;
      const candidate = byUid.get(uid);
      if (!candidate) return;
      const known = { ...candidate, sequence, lastSequence: uids.length, lastUid: uids.at(-1)! };
      const recent = mailbox.recent.has(uid);
      if (matches(criteria, { ...known, recent })) visit(candidate.message, sequence);
    });
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
