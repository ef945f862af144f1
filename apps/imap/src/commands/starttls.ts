import { statusResponse } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import { bad, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** STARTTLS (RFC 3501 section 6.2.1): answers OK, then negotiates TLS on the same connection. */
export async function starttls(
  session: Session,
  command: CommandOf<'STARTTLS'>,
): Promise<Completion | null> {
  if (!session.env.secureContext) return bad('STARTTLS is not available');
  if (session.secure) return bad('TLS is already active');

  await session.write(statusResponse(command.tag, 'OK', 'Begin TLS negotiation now'));
  try {
    await session.startTls();
  } catch (error) {
    session.log.info({ err: (error as Error).message }, 'STARTTLS handshake failed');
    await session.close();
  }
  return null;
}
