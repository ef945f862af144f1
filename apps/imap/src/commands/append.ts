import { PassThrough } from 'node:stream';
import type { ObjectId } from 'mongodb';
import { MAX_LITERAL_BYTES, type AppendCommand } from '@mailstore/imap-proto';
import {
  expungeMessages,
  getMailboxByPath,
  ingestMessage,
  MAX_MESSAGE_BYTES,
} from '@mailstore/storage';
import { waitForDrain } from '../session/drain.js';
import { completionFor, ConnectionEndedError } from '../session/errors.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import { readQuota } from './quota-root.js';
import type { CommandOf } from './registry.js';
import { compactSequenceSet } from './search-response.js';

/** The largest message APPEND takes: the parser's and the store's limits, whichever is lower. */
export const APPEND_LIMIT_BYTES = Math.min(MAX_LITERAL_BYTES, MAX_MESSAGE_BYTES);

/**
 * The most messages one MULTIAPPEND (RFC 3502) may carry: bounds the UIDs a command holds and
 * what a failure has to expunge again.
 */
export const MAX_APPEND_MESSAGES = 1000;

/** The mailbox an APPEND stores into. */
interface Target {
  _id: ObjectId;
  uidValidity: number;
}

/**
 * APPEND (RFC 3501 section 6.3.11) and MULTIAPPEND (RFC 3502 section 6.3.11): streams each
 * message literal into the store as it arrives, and answers with APPENDUID (RFC 4315) naming
 * every message. A missing mailbox, a message too large or over quota is refused before the
 * client sends it (no `+` for a synchronizing literal). All or nothing: when any message fails,
 * the ones this command already stored are expunged again before the NO or BAD.
 */
export async function append(session: Session, command: CommandOf<'APPEND'>): Promise<Completion> {
  const mailbox = await getMailboxByPath(session.env.store, session.userId, command.mailbox);
  if (!mailbox) {
    session.input.parser.rejectLiteral();
    return no(`mailbox ${command.mailbox} does not exist`, { name: 'TRYCREATE' });
  }

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
  mailbox: Target,
  first: AppendCommand,
  uids: number[],
): Promise<Completion> {
  const parser = session.input.parser;
  for (let message: AppendCommand | null = first; message;) {
    const refusal = await refuse(session, message, uids.length);
    if (refusal) {
      parser.rejectLiteral();
      return refusal;
    }
    const received = await receive(session, mailbox, message);
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

/** Why a message must not be sent, checked before its literal is accepted; null to take it. */
async function refuse(
  session: Session,
  message: AppendCommand,
  storedCount: number,
): Promise<Completion | null> {
  if (storedCount >= MAX_APPEND_MESSAGES) {
    return no(`at most ${MAX_APPEND_MESSAGES} messages in one APPEND`, { name: 'LIMIT' });
  }
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

/** Takes one message literal into the store: its UID and the next message, if one follows. */
async function receive(
  session: Session,
  mailbox: Target,
  message: AppendCommand,
): Promise<Completion | { uid: number; next: AppendCommand | null }> {
  if (session.input.parser.acceptLiteral()) await session.write('+ Ready for literal data\r\n');
  const body = new PassThrough();
  const ingest = ingestMessage(session.env.store, {
    user: session.userId,
    mailbox: mailbox._id,
    message: body,
    flags: message.flags,
    ...(message.internalDate ? { internalDate: message.internalDate } : {}),
  });
  // A refusal (quota) may come before the message ends: keep reading it, then report.
  ingest.catch(() => body.resume());
  const ending = await pump(session, body);
  if ('status' in ending) {
    body.destroy();
    await ingest.catch(() => undefined);
    return ending;
  }
  const stored = await ingest;
  return { uid: stored.uid, next: ending.next };
}

/**
 * Copies the literal's chunks into `body` until the message ends: then the next message of a
 * MULTIAPPEND, or null at the end of the command; a completion when the line went wrong.
 */
async function pump(
  session: Session,
  body: PassThrough,
): Promise<Completion | { next: AppendCommand | null }> {
  for (;;) {
    const event = await session.input.next(session.env.timeouts.autologoutMs);
    if (event === 'timeout' || event === 'closed') {
      body.destroy();
      throw new ConnectionEndedError(event);
    }
    switch (event.kind) {
      case 'literal-chunk':
        if (!body.destroyed && !body.write(event.data)) {
          await waitForDrain(body);
        }
        continue;
      case 'literal-end':
        body.end();
        return { next: null };
      case 'append':
        body.end();
        return { next: event.command };
      case 'error':
        if (event.fatal) session.byeAfterResponse = 'literal too large; closing the connection';
        return completionFor(event.error, session);
      case 'command':
      case 'continue':
      case 'line':
        // The parser yields only chunks, the end, the next message or an error here.
        throw new Error(`unexpected ${event.kind} during APPEND`);
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
