import { capabilityResponse } from '@mailstore/imap-proto';
import { capabilitiesFor } from '../capabilities.js';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';

/** CAPABILITY (RFC 3501 section 6.1.1): lists what the server supports in this state. */
export async function capability(session: Session): Promise<Completion> {
  await session.write(capabilityResponse(capabilitiesFor(session)));
  return ok('CAPABILITY completed');
}
