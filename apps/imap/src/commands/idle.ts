import { continuationResponse } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import { bad, ok, type Completion } from '../session/types.js';

/**
 * IDLE (RFC 2177): untagged updates go out as they come until the client sends DONE. After
 * IDLE_TIMEOUT_MS without DONE the session ends with BYE, as RFC 2177 section 3 permits.
 * TODO(#5): subscribe to the mailbox's change journal notices while idling.
 */
export async function idle(session: Session): Promise<Completion | null> {
  await session.write(continuationResponse('idling'));
  await session.updates.flush();
  session.updates.idling = true;
  session.input.parser.expectLine();
  let event: Awaited<ReturnType<typeof session.input.next>>;
  try {
    event = await session.input.next(session.env.timeouts.idleMs);
  } finally {
    session.updates.idling = false;
  }

  if (event === 'closed') return null;
  if (event === 'timeout') {
    await session.close('IDLE timed out');
    return null;
  }
  if (event.kind === 'line' && event.line.toString('latin1').trim().toUpperCase() === 'DONE') {
    return ok('IDLE terminated');
  }
  return bad('expected DONE to end IDLE');
}
