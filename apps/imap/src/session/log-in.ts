import { authenticate } from '@mailstore/auth';
import { capabilitiesFor } from '../capabilities.js';
import { MAX_FAILED_LOGINS } from '../limits.js';
import type { Session } from './session.js';
import { no, ok, type Completion } from './types.js';

/**
 * Checks a login through libs/auth (which rate-limits, refuses application passwords without
 * the imap scope, and writes the security log) and moves the session to the authenticated
 * state. After MAX_FAILED_LOGINS failures the session ends with BYE.
 */
export async function logIn(
  session: Session,
  login: string,
  password: string,
): Promise<Completion> {
  const result = await authenticate(session.env.store, {
    login,
    password,
    protocol: 'imap',
    remoteAddress: session.remoteAddress,
    ...(session.clientName ? { client: session.clientName } : {}),
  });
  if (result.ok) {
    const { userId: id, username, appPasswordId } = result;
    session.authenticated({ id, username, ...(appPasswordId ? { appPasswordId } : {}) });
    session.log.info('logged in');
    const code = { name: 'CAPABILITY' as const, args: capabilitiesFor(session).join(' ') };
    return ok('logged in', code);
  }

  session.failedLogins += 1;
  session.log.info({ reason: result.reason, failures: session.failedLogins }, 'login refused');
  if (session.failedLogins >= MAX_FAILED_LOGINS) {
    session.byeAfterResponse = 'too many failed logins';
  }
  switch (result.reason) {
    case 'invalid':
      return no('invalid credentials', { name: 'AUTHENTICATIONFAILED' });
    case 'rate-limited':
      return no('too many login attempts; try again later', { name: 'UNAVAILABLE' });
    case 'disabled':
      return no('account disabled', { name: 'CONTACTADMIN' });
  }
}
