import type { PassThrough } from 'node:stream';
import type { ObjectId } from 'mongodb';
import type { AppendCommand, AppendLiteralCommand } from '@mailstore/imap-proto';
import { expungeMessages, getMailboxByPath } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import { receiveCatenate } from './append-catenate.js';
import {
  APPEND_LIMIT_BYTES,
  appendError,
  feed,
  nextAppendEvent,
  storeMessage,
  type AppendTarget,
  type BodyEnding,
  type Received,
} from './append-input.js';
import { readQuota } from './quota-root.js';
import type { CommandOf } from './registry.js';
import { compactSequenceSet } from './search-response.js';

export { APPEND_LIMIT_BYTES } from './append-input.js';

/**
 * The most messages one MULTIAPPEND (RFC 3502) may carry: bounds the UIDs a command holds and
 * what a failure has to expunge again.
 */
export const MAX_APPEND_MESSAGES = 1000;

/**
 * APPEND (RFC 3501 section 6.3.11), MULTIAPPEND (RFC 3502 section 6.3.11) and CATENATE (RFC
 * 4469 section 3): streams each message into the store as it arrives, a literal or the parts
 * CATENATE joins, and answers with APPENDUID (RFC 4315) naming every message. A missing
 * mailbox, a message too large or over quota is refused before the client sends it (no `+` for
 * a synchronizing literal). All or nothing: when any message fails, the ones this command
 * already stored are expunged again before the NO or BAD, and the dispatcher has the parser
 * skip what is left of the command.
 */
export async function append(session: Session, command: CommandOf<'APPEND'>): Promise<Completion> {
  const mailbox = await getMailboxByPath(session.env.store, session.userId, command.mailbox);
  if (!mailbox) return no(`mailbox ${command.mailbox} does not exist`, { name: 'TRYCREATE' });

  const uids: number[] = [];
  let completion: Completion | undefined;
  try {
    completion = await appendEach(session, mailbox, command, uids);
  } finally {
    if (completion?.status !== 'OK') await withdraw(session, mailbox._id, uids);
  }
  return completion;
}

/** Stores the messages one after another; `uids` collects what was stored, for a withdrawal. */
async function appendEach(
  session: Session,
  mailbox: AppendTarget,
  first: AppendCommand,
  uids: number[],
): Promise<Completion> {
  for (let message: AppendCommand | null = first; message;) {
    if (uids.length >= MAX_APPEND_MESSAGES) {
      return no(`at most ${MAX_APPEND_MESSAGES} messages in one APPEND`, { name: 'LIMIT' });
    }
    const received: Completion | Received = message.catenate
      ? await receiveCatenate(session, mailbox, message)
      : await receiveLiteral(session, mailbox, message);
    if ('status' in received) return received;
    uids.push(received.uid);
    message = received.next;
  }
  const code = {
    name: 'APPENDUID' as const,
    args: `${mailbox.uidValidity} ${compactSequenceSet(uids)}`,
  };
  return ok('APPEND completed', code);
}

/** Why a message literal must not be sent, checked before it is accepted; null to take it. */
async function refuse(session: Session, message: AppendLiteralCommand): Promise<Completion | null> {
  if (message.size > APPEND_LIMIT_BYTES) {
    return no(`message larger than ${APPEND_LIMIT_BYTES} octets`, { name: 'TOOBIG' });
  }
  // RFC 9208 section 4.4: refuse before the client sends a message that cannot fit; `used`
  // already counts this command's earlier messages. The store's charge (reserveQuota) stays
  // the rule when appends race.
  const quota = await readQuota(session);
  if (quota && quota.used + message.size > quota.limit) {
    return no('mailbox quota exceeded', { name: 'OVERQUOTA' });
  }
  return null;
}

/** Takes one message literal into the store. */
async function receiveLiteral(
  session: Session,
  mailbox: AppendTarget,
  message: AppendLiteralCommand,
): Promise<Completion | Received> {
  const refusal = await refuse(session, message);
  if (refusal) return refusal;
  if (session.input.parser.acceptLiteral()) await session.write('+ Ready for literal data\r\n');
  return storeMessage(session, mailbox, message, (body) => pump(session, body));
}

/**
 * Copies the literal's chunks into `body` until the message ends: then the next message of a
 * MULTIAPPEND, or null at the end of the command; a completion when the line went wrong.
 */
async function pump(session: Session, body: PassThrough): Promise<BodyEnding> {
  for (;;) {
    const event = await nextAppendEvent(session);
    switch (event.kind) {
      case 'literal-chunk':
        await feed(body, event.data);
        continue;
      case 'literal-end':
        return { next: null };
      case 'append':
      case 'catenate':
        return { next: event.command };
      case 'error':
        return appendError(session, event);
      case 'catenate-url':
      case 'catenate-text':
        // The parser gives parts only after a CATENATE message begins.
        throw new Error(`unexpected ${event.kind} after a message literal`);
    }
  }
}

/**
 * RFC 3502 section 6.3.11: when one message fails, none of the command's messages may stay.
 * The store has no transactions, so the stored ones are expunged again (releasing quota and
 * blobs, journaled like any EXPUNGE).
 * TODO(#5): another session may see them come and go; hide them until the command ends.
 */
async function withdraw(session: Session, mailbox: ObjectId, uids: number[]): Promise<void> {
  if (uids.length === 0) return;
  try {
    await expungeMessages(session.env.store, session.userId, mailbox, uids);
  } catch (error) {
    session.log.error({ err: error, uids }, 'could not withdraw a failed APPEND');
  }
}
