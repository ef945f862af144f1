import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { ENABLEABLE } from '../capabilities.js';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * ENABLE (RFC 5161): turns on UTF8=ACCEPT (RFC 6855), CONDSTORE (RFC 7162 section 3.1) and
 * QRESYNC (section 3.2.3), which implies CONDSTORE.
 * Anything else is left out of the ENABLED response, as RFC 5161 section 3.1 asks.
 */
export async function enable(session: Session, command: CommandOf<'ENABLE'>): Promise<Completion> {
  const enabled = command.capabilities.filter((name) => ENABLEABLE.some((known) => known === name));
  if (enabled.includes('UTF8=ACCEPT')) {
    session.utf8 = true;
    session.input.parser.utf8 = true;
  }
  if (enabled.includes('CONDSTORE')) session.condstore = true;
  if (enabled.includes('QRESYNC')) {
    session.qresync = true;
    session.condstore = true;
  }
  const unique = [...new Set(enabled)];
  await session.write(untaggedResponse([atom('ENABLED'), ...unique.map(atom)], session));
  return ok('ENABLE completed');
}
