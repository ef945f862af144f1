import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';

/** CHECK (RFC 3501 section 6.4.1): every write is already durable, so there is nothing to do. */
export function check(_session: Session): Promise<Completion> {
  return Promise.resolve(ok('CHECK completed'));
}
