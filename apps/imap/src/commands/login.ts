import { loginDisabled } from '../capabilities.js';
import { logIn } from '../session/log-in.js';
import type { Session } from '../session/session.js';
import { no, type Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/** The tagged NO for credentials sent before STARTTLS when TLS is required (RFC 5530). */
export function privacyRequired(): Completion {
  return no('log in after STARTTLS', { name: 'PRIVACYREQUIRED' });
}

/**
 * LOGIN (RFC 3501 section 6.2.3). The password is in `command.password`; nothing here logs
 * the command's arguments. Refused with NO while LOGINDISABLED is announced.
 */
export function login(session: Session, command: CommandOf<'LOGIN'>): Promise<Completion> {
  if (loginDisabled(session)) return Promise.resolve(privacyRequired());
  return logIn(session, command.username, command.password);
}
