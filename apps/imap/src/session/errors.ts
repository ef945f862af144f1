import { isProtocolError } from '@mailstore/imap-proto';
import { MailboxError, MessageTooLargeError, QuotaExceededError } from '@mailstore/storage';
import type { Session } from './session.js';
import { no, type Completion } from './types.js';

/** Thrown when the connection ended while a handler waited for input. */
export class ConnectionEndedError extends Error {
  constructor(readonly reason: 'timeout' | 'closed') {
    super(`connection ${reason} while a command waited for input`);
    this.name = 'ConnectionEndedError';
  }
}

/**
 * Turns what a handler threw into the tagged response. A protocol error carries client-safe
 * text, and so does a refusal of the store (MailboxError, with its RFC 5530 code); anything
 * else is our fault: the client sees only `NO [SERVERBUG]`, the log the cause.
 */
export function completionFor(error: unknown, session: Session): Completion {
  if (isProtocolError(error)) {
    const status = error.status === 'BYE' ? 'BAD' : error.status;
    return { status, text: error.message, code: error.responseCode };
  }
  if (error instanceof MailboxError) {
    return no(error.message, { name: error.responseCode });
  }
  if (error instanceof QuotaExceededError) return no(error.message, { name: 'OVERQUOTA' });
  if (error instanceof MessageTooLargeError) return no(error.message, { name: 'TOOBIG' });
  session.log.error({ err: error }, 'command failed');
  return no('internal server error', { name: 'SERVERBUG' });
}

/** The one rule for which errors end a session: a lost connection, or a BYE protocol error. */
export function endsSession(error: unknown): boolean {
  if (error instanceof ConnectionEndedError) return true;
  return isProtocolError(error) && error.status === 'BYE';
}
