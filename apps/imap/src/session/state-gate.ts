import type { CommandName } from '@mailstore/imap-proto';
import { bad, type Completion, type SessionState } from './types.js';

/** Which states a command is valid in (RFC 3501 section 6 and RFC 9051 section 6). */
export type AllowedStates = readonly SessionState[];

/** Any state but logout. */
export const ANY_STATE: AllowedStates = ['not-authenticated', 'authenticated', 'selected'];
/** Before login only. */
export const NOT_AUTHENTICATED: AllowedStates = ['not-authenticated'];
/** After login, with or without a selected mailbox. */
export const AUTHENTICATED: AllowedStates = ['authenticated', 'selected'];
/** With a selected mailbox. */
export const SELECTED: AllowedStates = ['selected'];

/**
 * The one state gate: null when `name` may run in `state`, else the BAD the client gets.
 */
export function checkState(
  name: CommandName,
  allowed: AllowedStates,
  state: SessionState,
): Completion | null {
  if (allowed.includes(state)) return null;
  if (state === 'not-authenticated') return bad(`${name} is not allowed before login`);
  if (allowed === NOT_AUTHENTICATED) return bad(`${name} is not allowed after login`);
  if (allowed === SELECTED) return bad(`${name} needs a selected mailbox`);
  return bad(`${name} is not allowed in this state`);
}
