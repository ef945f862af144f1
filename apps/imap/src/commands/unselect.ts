import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';

/** UNSELECT (RFC 3691): leaves the mailbox without expunging. */
export function unselect(session: Session): Promise<Completion> {
  session.select(null);
  return Promise.resolve(ok('UNSELECT completed'));
}
