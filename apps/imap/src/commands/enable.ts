import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { ENABLEABLE } from '../capabilities.js';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * ENABLE (RFC 5161): turns on UTF8=ACCEPT (RFC 6855), CONDSTORE (RFC 7162 section 3.1),
 * QRESYNC (section 3.2.3), which implies CONDSTORE, and IMAP4rev2 (RFC 9051 section 6.3.1),
 * which brings UTF-8 mailbox names (section 5.1) and the other changes `Session.rev2` lists.
 * Anything else is left out of the ENABLED response, as RFC 5161 section 3.1 asks.
 */
export async function enable(session: Session, command: CommandOf<'ENABLE'>): Promise<Completion> {
  // Capability names are case-insensitive (RFC 3501 section 9); ENABLED uses our spelling, in
  // the client's order.
  const known = command.capabilities.map((name) =>
    ENABLEABLE.find((candidate) => candidate.toUpperCase() === name.toUpperCase()),
  );
  const enabled = [...new Set(known.filter((name) => name !== undefined))];
  if (enabled.includes('IMAP4rev2')) session.rev2 = true;
  if (enabled.includes('UTF8=ACCEPT') || enabled.includes('IMAP4rev2')) {
    session.utf8 = true;
    session.input.parser.utf8 = true;
  }
  if (enabled.includes('CONDSTORE')) session.condstore = true;
  if (enabled.includes('QRESYNC')) {
    session.qresync = true;
    session.condstore = true;
  }
  await session.write(untaggedResponse([atom('ENABLED'), ...enabled.map(atom)], session));
  return ok('ENABLE completed');
}
