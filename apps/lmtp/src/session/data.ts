import { deliverToRecipient, readIncoming, type IncomingMessage } from '@mailstore/delivery';
import type {
  SMTPServerAddress,
  SMTPServerDataResult,
  SMTPServerDataStream,
  SMTPServerSession,
} from 'smtp-server';
import { REPLIES, replyError } from '../replies.js';
import type { SessionDeps } from './deps.js';
import { failureReply } from './errors.js';

type DataCallback = (error?: Error | null, message?: string | SMTPServerDataResult[]) => void;

/**
 * DATA (RFC 2033 section 4.2): reads the message once, delivers it to every accepted recipient
 * and answers one reply per recipient, in RCPT order. A 250 is sent only for a copy that is
 * stored (or a forward that is queued); every failure is that recipient's alone.
 */
export function handleData(deps: SessionDeps) {
  return (stream: SMTPServerDataStream, session: SMTPServerSession, callback: DataCallback) => {
    const chunks: Buffer[] = [];
    let answered = false;
    const answer: DataCallback = (error, message) => {
      if (answered) return;
      answered = true;
      callback(error, message);
    };
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', (error) => answer(failureReply(error, 'temporary', deps.logger, '')));
    stream.once('end', () => {
      // smtp-server answers 552 5.3.4 itself for an oversized message (rejectOversized).
      if (stream.sizeExceeded) return answer(replyError(REPLIES.tooLarge));
      const raw = Buffer.concat(chunks);
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      deliverAll(deps, session, readIncoming(raw, mailFrom, deps.options.spam)).then(
        (results) => answer(null, results),
        (error: unknown) => answer(failureReply(error, 'temporary', deps.logger, '')),
      );
    });
  };
}

/**
 * Delivers to every recipient. Recipients of different users run in parallel; copies for one
 * user (two of their addresses in one transaction) run one after the other, so the Message-ID
 * dedup sees the first copy before the second. Results come back in RCPT order.
 */
async function deliverAll(
  deps: SessionDeps,
  session: SMTPServerSession,
  message: IncomingMessage,
): Promise<SMTPServerDataResult[]> {
  const logger = deps.logger.child({ sessionId: session.id });
  const results = new Array<SMTPServerDataResult>(session.envelope.rcptTo.length);
  const chains = new Map<string, Promise<void>>();
  session.envelope.rcptTo.forEach((rcpt, index) => {
    const recipient = deps.resolved.get(rcpt);
    const key = recipient?.kind === 'user' ? recipient.userId.toHexString() : rcpt.address;
    const previous = chains.get(key) ?? Promise.resolve();
    chains.set(
      key,
      previous.then(async () => {
        results[index] = await deliverOne(deps, logger, message, rcpt);
      }),
    );
  });
  await Promise.all(chains.values());
  return results;
}

async function deliverOne(
  deps: SessionDeps,
  logger: SessionDeps['logger'],
  message: IncomingMessage,
  rcpt: SMTPServerAddress,
): Promise<SMTPServerDataResult> {
  const recipient = deps.resolved.get(rcpt);
  if (!recipient) return replyError(REPLIES.temporaryFailure, rcpt.address);
  try {
    const result = await deliverToRecipient(deps, message, recipient);
    logger.info({ rcptTo: rcpt.address, size: message.raw.length, ...result }, 'delivered');
    return `2.0.0 <${rcpt.address}> ${result.status}`;
  } catch (error) {
    return failureReply(error, deps.options.overQuota, logger, rcpt.address);
  }
}
