// The one table from command name to allowed states and handler. The mapped type makes every
// command the parser knows need a row.
import type { AppendCommand, Command, CommandName } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import {
  ANY_STATE,
  AUTHENTICATED,
  NOT_AUTHENTICATED,
  SELECTED,
  type AllowedStates,
} from '../session/state-gate.js';
import type { Completion } from '../session/types.js';
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { enable } from './enable.js';
import { id } from './id.js';
import { idle } from './idle.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { search } from './search.js';
import { sort } from './sort.js';
import { thread } from './thread.js';
import { copy } from './copy.js';
import { expunge } from './expunge.js';
import { fetch } from './fetch.js';
import { store } from './store.js';
import { append } from './append.js';
import { check } from './check.js';
import { close } from './close.js';
import { select } from './select.js';
import { status } from './status.js';
import { unselect } from './unselect.js';
import { list } from './list.js';
import { lsub } from './lsub.js';
import { rename } from './rename.js';
import { subscribe } from './subscribe.js';
import { unsubscribe } from './unsubscribe.js';
import { create } from './create.js';
import { deleteCommand } from './delete.js';
import { namespace } from './namespace.js';
import { noop } from './noop.js';
import { starttls } from './starttls.js';
import { getQuota } from './getquota.js';
import { getQuotaRoot } from './getquotaroot.js';
import { setQuota } from './setquota.js';

/** A parsed command of the given name (members whose `name` is a union match each name). */
export type CommandOf<N extends CommandName> = Command | AppendCommand extends infer C
  ? C extends { name: infer M }
    ? N extends M
      ? Omit<C, 'name'> & { name: N }
      : never
    : never
  : never;

/** A command handler: returns the tagged completion, or null when it wrote it itself. */
export type Handler<N extends CommandName> = (
  session: Session,
  command: CommandOf<N>,
) => Promise<Completion | null>;

interface Entry<N extends CommandName> {
  states: AllowedStates;
  handler: Handler<N>;
}

type Registry = { [N in CommandName]: Entry<N> };

const REGISTRY: Registry = {
  CAPABILITY: { states: ANY_STATE, handler: capability },
  NOOP: { states: ANY_STATE, handler: noop },
  LOGOUT: { states: ANY_STATE, handler: logout },
  ID: { states: ANY_STATE, handler: id },
  STARTTLS: { states: NOT_AUTHENTICATED, handler: starttls },
  LOGIN: { states: NOT_AUTHENTICATED, handler: login },
  AUTHENTICATE: { states: NOT_AUTHENTICATED, handler: authenticate },
  // RFC 5161 section 3.1: ENABLE is valid in the authenticated state only.
  ENABLE: { states: ['authenticated'], handler: enable },
  NAMESPACE: { states: AUTHENTICATED, handler: namespace },
  IDLE: { states: AUTHENTICATED, handler: idle },
  SELECT: { states: AUTHENTICATED, handler: select },
  EXAMINE: { states: AUTHENTICATED, handler: select },
  CREATE: { states: AUTHENTICATED, handler: create },
  DELETE: { states: AUTHENTICATED, handler: deleteCommand },
  RENAME: { states: AUTHENTICATED, handler: rename },
  SUBSCRIBE: { states: AUTHENTICATED, handler: subscribe },
  UNSUBSCRIBE: { states: AUTHENTICATED, handler: unsubscribe },
  LIST: { states: AUTHENTICATED, handler: list },
  LSUB: { states: AUTHENTICATED, handler: lsub },
  STATUS: { states: AUTHENTICATED, handler: status },
  APPEND: { states: AUTHENTICATED, handler: append },
  GETQUOTA: { states: AUTHENTICATED, handler: getQuota },
  GETQUOTAROOT: { states: AUTHENTICATED, handler: getQuotaRoot },
  SETQUOTA: { states: AUTHENTICATED, handler: setQuota },
  CHECK: { states: SELECTED, handler: check },
  CLOSE: { states: SELECTED, handler: close },
  UNSELECT: { states: SELECTED, handler: unselect },
  EXPUNGE: { states: SELECTED, handler: expunge },
  'UID EXPUNGE': { states: SELECTED, handler: expunge },
  SEARCH: { states: SELECTED, handler: search },
  'UID SEARCH': { states: SELECTED, handler: search },
  SORT: { states: SELECTED, handler: sort },
  'UID SORT': { states: SELECTED, handler: sort },
  THREAD: { states: SELECTED, handler: thread },
  'UID THREAD': { states: SELECTED, handler: thread },
  FETCH: { states: SELECTED, handler: fetch },
  'UID FETCH': { states: SELECTED, handler: fetch },
  STORE: { states: SELECTED, handler: store },
  'UID STORE': { states: SELECTED, handler: store },
  COPY: { states: SELECTED, handler: copy },
  'UID COPY': { states: SELECTED, handler: copy },
  MOVE: { states: SELECTED, handler: copy },
  'UID MOVE': { states: SELECTED, handler: copy },
};

/** A registry entry with its handler typed for any command. */
export interface ResolvedEntry {
  states: AllowedStates;
  run(session: Session, command: Command | AppendCommand): Promise<Completion | null>;
}

/** The states and handler of a command. */
export function lookupCommand(name: CommandName): ResolvedEntry {
  const entry = REGISTRY[name] as Entry<CommandName>;
  const handler = entry.handler;
  return {
    states: entry.states,
    run: (session, command) => handler(session, command),
  };
}
