import { deliverToRecipient, readIncoming, type IncomingMessage } from '@mailstore/delivery';
import type { Recipient } from '@mailstore/storage';
import type { SMTPServerDataResult, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
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
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', (error) => callback(failureReply(error, 'temporary', deps.logger, '')));
    stream.once('end', () => {
      // smtp-server answers 552 5.3.4 itself for an oversized message (rejectOversized).
      if (stream.sizeExceeded) return callback(replyError(REPLIES.tooLarge));
      const raw = Buffer.concat(chunks);
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      deliverAll(deps, session, readIncoming(raw, mailFrom, deps.options.spam)).then(
        (results) => callback(null, results),
        (error: unknown) => callback(failureReply(error, 'temporary', deps.logger, '')),
      );
    });
  };
}

async function deliverAll(
  deps: SessionDeps,
  session: SMTPServerSession,
  message: IncomingMessage,
): Promise<SMTPServerDataResult[]> {
  const logger = deps.logger.child({ sessionId: session.id });
  return Promise.all(
    session.envelope.rcptTo.map(async (rcpt) => {
      const recipient: Recipient | undefined = deps.resolved.get(rcpt);
      if (!recipient) return replyError(REPLIES.temporaryFailure, rcpt.address);
      try {
        const result = await deliverToRecipient(deps, message, recipient);
        logger.info({ rcptTo: rcpt.address, size: message.raw.length, ...result }, 'delivered');
        return `2.0.0 <${rcpt.address}> ${result.status}`;
      } catch (error) {
        return failureReply(error, deps.options.overQuota, logger, rcpt.address);
      }
    }),
  );
}
