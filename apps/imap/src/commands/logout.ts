import { statusResponse } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';

/** LOGOUT (RFC 3501 section 6.1.3): BYE first, then the tagged OK, then the server closes. */
export async function logout(session: Session): Promise<Completion> {
  await session.write(statusResponse('*', 'BYE', 'logging out'));
  session.state = 'logout';
  return ok('LOGOUT completed');
}
