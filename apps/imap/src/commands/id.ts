import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { MAX_CLIENT_NAME_CHARS } from '../limits.js';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** What the server says about itself in ID (RFC 2971 section 3.3). */
const SERVER_ID = ['name', 'mailstore', 'vendor', 'mailstore'];

/** ID (RFC 2971): records the client's name for the logs and names the server. */
export async function id(session: Session, command: CommandOf<'ID'>): Promise<Completion> {
  const fields = new Map(
    (command.parameters ?? []).map(([key, value]) => [key.toLowerCase(), value]),
  );
  const client = [fields.get('name'), fields.get('version')].filter(Boolean).join(' ');
  if (client) {
    session.clientName = client.slice(0, MAX_CLIENT_NAME_CHARS);
    session.log.info({ client: session.clientName }, 'client identified');
  }
  await session.write(untaggedResponse([atom('ID'), SERVER_ID], session));
  return ok('ID completed');
}
