import { continuationResponse } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import { bad, ok, type Completion } from '../session/types.js';

/**
 * IDLE (RFC 2177): untagged updates go out as they come until the client sends DONE. After
 * IDLE_TIMEOUT_MS without DONE the session ends with BYE, as RFC 2177 section 3 permits.
 * Journal notices (../changes.ts) refresh an idling session at once; IDLE is also a poll, so it
 * starts with a refresh of its own, and EXPUNGE may go out while it runs.
 */
export async function idle(session: Session): Promise<Completion | null> {
  await session.write(continuationResponse('idling'));
  let event: Awaited<ReturnType<typeof session.input.next>>;
  try {
    session.updates.idling = true;
    session.refreshPending = false;
    await session.refresh();
    await session.updates.flush(true);
    session.input.parser.expectLine();
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
