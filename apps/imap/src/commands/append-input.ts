// What every message of an APPEND shares, a literal one or a CATENATE one: the parser events
// that follow it, and the stream that carries its bytes into the store.
import { PassThrough } from 'node:stream';
import type { ObjectId } from 'mongodb';
import { MAX_LITERAL_BYTES, type AppendCommand, type ParserEvent } from '@mailstore/imap-proto';
import { ingestMessage, MAX_MESSAGE_BYTES, type IngestedMessage } from '@mailstore/storage';
import { waitForDrain } from '../session/drain.js';
import { completionFor, ConnectionEndedError } from '../session/errors.js';
import type { Session } from '../session/session.js';
import type { Completion } from '../session/types.js';

/**
 * The largest message APPEND takes, announced as APPENDLIMIT (RFC 7889): the parser's and the
 * store's limits, whichever is lower. A CATENATE message is held to it as well.
 */
export const APPEND_LIMIT_BYTES = Math.min(MAX_LITERAL_BYTES, MAX_MESSAGE_BYTES);

/** The mailbox an APPEND stores into. */
export interface AppendTarget {
  _id: ObjectId;
  uidValidity: number;
}

/** A message stored: its UID, and the next message of the command (MULTIAPPEND), if any. */
export interface Received {
  uid: number;
  next: AppendCommand | null;
}

/** The events an APPEND reads after its first message. */
export type AppendEvent = Exclude<ParserEvent, { kind: 'command' | 'line' | 'continue' }>;

/**
 * The next parser event of the APPEND under way. A URL part sent as a synchronizing literal
 * gets its `+` here; a connection that closes or idles out ends the command.
 */
export async function nextAppendEvent(session: Session): Promise<AppendEvent> {
  for (;;) {
    const event = await session.input.next(session.env.timeouts.autologoutMs);
    if (event === 'timeout' || event === 'closed') throw new ConnectionEndedError(event);
    if (event.kind === 'continue') {
      await session.write('+ Ready for literal data\r\n');
      continue;
    }
    // The parser yields neither inside an APPEND; one here is a bug of ours.
    if (event.kind === 'command' || event.kind === 'line') {
      throw new Error(`unexpected ${event.kind} during APPEND`);
    }
    return event;
  }
}

/** The tagged response to a protocol error inside an APPEND; a fatal one then ends the session. */
export function appendError(
  session: Session,
  event: Extract<AppendEvent, { kind: 'error' }>,
): Completion {
  if (event.fatal) session.byeAfterResponse = 'literal too large; closing the connection';
  return completionFor(event.error, session);
}

/** A message on its way into the store: its bytes go to `body`, the outcome is `stored`. */
export interface Ingest {
  body: PassThrough;
  stored: Promise<IngestedMessage>;
}

/** Starts storing a message whose bytes will follow (the store parses them when they end). */
export function startIngest(
  session: Session,
  mailbox: AppendTarget,
  header: AppendCommand,
): Ingest {
  const body = new PassThrough();
  const stored = ingestMessage(session.env.store, {
    user: session.userId,
    mailbox: mailbox._id,
    message: body,
    flags: header.flags,
    ...(header.internalDate ? { internalDate: header.internalDate } : {}),
  });
  // A refusal (quota) may come before the message ends: keep reading it, then report.
  stored.catch(() => body.resume());
  return { body, stored };
}

/** How writing a message's bytes ends: with the command's next message (or none), or refused. */
export type BodyEnding = Completion | { next: AppendCommand | null };

/**
 * Stores one message of an APPEND whose bytes `fill` writes into its body: the UID and the next
 * message. When `fill` answers a completion instead, or fails, the store keeps nothing of it.
 */
export async function storeMessage(
  session: Session,
  mailbox: AppendTarget,
  header: AppendCommand,
  fill: (body: PassThrough) => Promise<BodyEnding>,
): Promise<Completion | Received> {
  const ingest = startIngest(session, mailbox, header);
  try {
    const ending = await fill(ingest.body);
    if ('status' in ending) {
      await discardIngest(ingest);
      return ending;
    }
    ingest.body.end();
    const stored = await ingest.stored;
    return { uid: stored.uid, next: ending.next };
  } catch (error) {
    await discardIngest(ingest);
    throw error;
  }
}

/** Gives up a message before its end: the store keeps nothing of it. */
export async function discardIngest(ingest: Ingest): Promise<void> {
  ingest.body.destroy();
  await ingest.stored.catch(() => undefined);
}

/** Writes the next bytes of a message, waiting while the store is behind. */
export async function feed(body: PassThrough, data: Buffer): Promise<void> {
  if (!body.destroyed && !body.write(data)) await waitForDrain(body);
}
