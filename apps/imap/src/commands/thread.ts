import { checkCharset, ProtocolError, threadResponse } from '@mailstore/imap-proto';
import type { SelectedMailbox } from '../session/selected.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';
import { forEachMatch } from './search.js';
import { readThreadMessage, type ThreadMessage } from './thread-message.js';
import { orderedSubjectThreads } from './thread-ordered-subject.js';
import { referencesThreads } from './thread-references.js';

/**
 * Most messages one THREAD threads: every match is held in memory with its ids and subject
 * until the threads are built, so a larger result is refused with `NO [LIMIT]` rather than
 * grown without bound. It also bounds the `* THREAD` line (about 8 octets a message).
 */
export const MAX_THREAD_MESSAGES = 100_000;

function tooMany(): never {
  throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'too many messages to thread', {
    status: 'NO',
    responseCode: { name: 'LIMIT' },
  });
}

/**
 * The matches of the search program in sequence order, each read as threading needs it from
 * its document; a document stored without thread links has its header read while its batch of
 * documents is loaded (SEARCH_BATCH_MESSAGES at a time).
 */
async function matchedMessages(
  session: Session,
  mailbox: SelectedMailbox,
  command: CommandOf<'THREAD' | 'UID THREAD'>,
): Promise<ThreadMessage[]> {
  const found: ThreadMessage[] = [];
  let count = 0;
  await forEachMatch(session, mailbox, command.criteria, async (message, sequence) => {
    count += 1;
    if (count > MAX_THREAD_MESSAGES) tooMany();
    const number = command.uid ? message.uid : sequence;
    found.push(await readThreadMessage(session.env.store, message, sequence, number));
  });
  // Headers (of documents stored without thread links) are read side by side within a batch;
  // the algorithms want mailbox order.
  return found.sort((a, b) => a.sequence - b.sequence);
}

/**
 * THREAD and UID THREAD (RFC 5256 sections 3 and 4): the messages SEARCH would find, threaded
 * by ORDEREDSUBJECT or REFERENCES and answered as `* THREAD` thread lists of sequence numbers,
 * or UIDs for UID THREAD. A charset other than UTF-8 or US-ASCII is NO [BADCHARSET]; an
 * unknown algorithm is BAD (the grammar's). More than MAX_THREAD_MESSAGES matches are
 * NO [LIMIT]. EXPUNGE responses wait until the command is done, as for SEARCH (dispatch.ts).
 */
export async function thread(
  session: Session,
  command: CommandOf<'THREAD' | 'UID THREAD'>,
): Promise<Completion> {
  const mailbox = session.selected;
  if (!mailbox) return no('no mailbox selected');
  checkCharset(command.charset);

  const messages = await matchedMessages(session, mailbox, command);
  const threads =
    command.algorithm === 'REFERENCES'
      ? referencesThreads(messages)
      : orderedSubjectThreads(messages);

  await session.write(threadResponse(threads));
  return ok(`${command.name} completed`);
}
