import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';

/**
 * NOOP (RFC 3501 section 6.1.2): does nothing; queued untagged updates go out before the
 * tagged OK, which the dispatcher does for every command.
 */
export function noop(_session: Session): Promise<Completion> {
  return Promise.resolve(ok('NOOP completed'));
}
