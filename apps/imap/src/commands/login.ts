import { logIn } from '../session/log-in.js';
import type { Session } from '../session/session.js';
import type { Completion } from '../session/types.js';
import type { CommandOf } from './registry.js';

/**
 * LOGIN (RFC 3501 section 6.2.3). The password is in `command.password`; nothing here logs
 * the command's arguments.
 * TODO(#5): LOGINDISABLED on plaintext connections once deployments require TLS.
 */
export function login(session: Session, command: CommandOf<'LOGIN'>): Promise<Completion> {
  return logIn(session, command.username, command.password);
}
