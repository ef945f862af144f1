import { saslChallenge, saslResponse } from '@mailstore/imap-proto';
import { loginDisabled, SASL_MECHANISMS } from '../capabilities.js';
import { ConnectionEndedError } from '../session/errors.js';
import { logIn } from '../session/log-in.js';
import type { Session } from '../session/session.js';
import { bad, no, type Completion } from '../session/types.js';
import { privacyRequired } from './login.js';
import type { CommandOf } from './registry.js';

/** The client answered a challenge with `*` (RFC 3501 section 6.2.2). */
const CANCELLED = Symbol('cancelled');

/** Sends a challenge and reads the client's base64 answer. */
async function exchange(session: Session, challenge: string): Promise<Buffer | typeof CANCELLED> {
  await session.write(saslChallenge(Buffer.from(challenge)));
  session.input.parser.expectLine();
  const event = await session.input.next(session.env.timeouts.loginMs);
  if (event === 'timeout' || event === 'closed') throw new ConnectionEndedError(event);
  if (event.kind === 'error') throw event.error;
  if (event.kind !== 'line') throw new Error(`unexpected ${event.kind} during AUTHENTICATE`);
  const text = event.line.toString('latin1').trim();
  return text === '*' ? CANCELLED : saslResponse(text);
}

/** PLAIN (RFC 4616): `authzid NUL authcid NUL passwd`. */
async function plain(session: Session, initial: Buffer | null): Promise<Completion> {
  const response = initial ?? (await exchange(session, ''));
  if (response === CANCELLED) return bad('AUTHENTICATE cancelled');
  const fields = response.toString('utf8').split('\0');
  if (fields.length !== 3) return bad('malformed PLAIN response');
  const [authzid, authcid, password] = fields as [string, string, string];
  if (authzid !== '' && authzid !== authcid) {
    return no('acting as another user is not allowed', { name: 'AUTHORIZATIONFAILED' });
  }
  return logIn(session, authcid, password);
}

/** LOGIN (draft-murchison-sasl-login): user name, then password, each after a prompt. */
async function loginMechanism(session: Session, initial: Buffer | null): Promise<Completion> {
  const username = initial ?? (await exchange(session, 'Username:'));
  if (username === CANCELLED) return bad('AUTHENTICATE cancelled');
  const password = await exchange(session, 'Password:');
  if (password === CANCELLED) return bad('AUTHENTICATE cancelled');
  return logIn(session, username.toString('utf8'), password.toString('utf8'));
}

/** AUTHENTICATE (RFC 3501 section 6.2.2) with SASL-IR (RFC 4959). */
export function authenticate(
  session: Session,
  command: CommandOf<'AUTHENTICATE'>,
): Promise<Completion> {
  if (loginDisabled(session)) return Promise.resolve(privacyRequired());
  const mechanism = SASL_MECHANISMS.find((name) => name === command.mechanism);
  switch (mechanism) {
    case 'PLAIN':
      return plain(session, command.initialResponse);
    case 'LOGIN':
      return loginMechanism(session, command.initialResponse);
    case undefined:
      return Promise.resolve(no(`unsupported mechanism ${command.mechanism}`));
  }
}
