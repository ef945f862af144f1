import { PassThrough } from 'node:stream';
import { MAX_LITERAL_BYTES } from '@mailstore/imap-proto';
import { getMailboxByPath, ingestMessage, MAX_MESSAGE_BYTES } from '@mailstore/storage';
import { waitForDrain } from '../session/drain.js';
import { ConnectionEndedError } from '../session/errors.js';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import { readQuota } from './quota-root.js';
import type { CommandOf } from './registry.js';

/** The largest message APPEND takes: the parser's and the store's limits, whichever is lower. */
export const APPEND_LIMIT_BYTES = Math.min(MAX_LITERAL_BYTES, MAX_MESSAGE_BYTES);

/**
 * APPEND (RFC 3501 section 6.3.11): streams the message literal into the store as it arrives,
 * and answers with APPENDUID (RFC 4315). A missing mailbox is refused with NO [TRYCREATE]
 * before the client sends the message (no `+` for a synchronizing literal).
 */
export async function append(session: Session, command: CommandOf<'APPEND'>): Promise<Completion> {
  const { store } = session.env;
  const parser = session.input.parser;
  const mailbox = await getMailboxByPath(store, session.userId, command.mailbox);
  if (!mailbox) {
    parser.rejectLiteral();
    return no(`mailbox ${command.mailbox} does not exist`, { name: 'TRYCREATE' });
  }
  if (command.size > APPEND_LIMIT_BYTES) {
    parser.rejectLiteral();
    return no(`message larger than ${APPEND_LIMIT_BYTES} octets`, { name: 'TOOBIG' });
  }
  // RFC 9208 section 4.4: refuse before the client sends a message that cannot fit. The store's
  // charge (reserveQuota) stays the rule when appends race.
  const quota = await readQuota(session);
  if (quota && quota.used + command.size > quota.limit) {
    parser.rejectLiteral();
    return no('mailbox quota exceeded', { name: 'OVERQUOTA' });
  }

  if (parser.acceptLiteral()) await session.write('+ Ready for literal data\r\n');
  const body = new PassThrough();
  const ingest = ingestMessage(store, {
    user: session.userId,
    mailbox: mailbox._id,
    message: body,
    flags: command.flags,
    ...(command.internalDate ? { internalDate: command.internalDate } : {}),
  });
  // A refusal (quota) may come before the message ends: keep reading it, then report.
  ingest.catch(() => body.resume());
  const failure = await pump(session, body);
  if (failure) {
    body.destroy();
    await ingest.catch(() => undefined);
    return failure;
  }

  const stored = await ingest;
  const code = { name: 'APPENDUID' as const, args: `${mailbox.uidValidity} ${stored.uid}` };
  return ok('APPEND completed', code);
}

/** Copies the literal's chunks into `body`; returns a completion when the line went wrong. */
async function pump(session: Session, body: PassThrough): Promise<Completion | null> {
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
        return null;
      case 'error':
        return { status: event.error.status === 'NO' ? 'NO' : 'BAD', text: event.error.message };
      case 'append':
      case 'command':
      case 'continue':
      case 'line':
        // The parser yields only chunks, the end or an error inside an accepted literal.
        throw new Error(`unexpected ${event.kind} during APPEND`);
    }
  }
}
