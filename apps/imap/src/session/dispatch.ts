import type { AppendCommand, Command, CommandName } from '@mailstore/imap-proto';
import { statusResponse } from '@mailstore/imap-proto';
import { lookupCommand } from '../commands/registry.js';
import { completionFor, endsSession } from './errors.js';
import type { Session } from './session.js';
import { checkState } from './state-gate.js';
import type { Completion } from './types.js';

/** Commands that poll for changes even without a notice (RFC 3501 6.1.2 NOOP, 6.4.1 CHECK). */
const POLLING: ReadonlySet<CommandName> = new Set(['NOOP', 'CHECK']);
/**
 * RFC 3501 section 7.4.1 (RFC 9051 section 7.5.1): "An EXPUNGE response MUST NOT be sent ...
 * while responding to a FETCH, STORE, or SEARCH command"; their UID forms may carry one. SORT
 * and THREAD answer sequence numbers as SEARCH does (RFC 5256), so they hold them back too.
 */
const HOLDS_EXPUNGE: ReadonlySet<CommandName> = new Set([
  'FETCH',
  'STORE',
  'SEARCH',
  'SORT',
  'THREAD',
]);

/**
 * Runs one command: the state gate, the handler, the pending updates and the tagged response,
 * and one debug log line with the duration and outcome. Handlers return their completion, or
 * null when they wrote the tagged response themselves (STARTTLS must answer before the
 * handshake).
 */
export async function dispatch(session: Session, command: Command | AppendCommand): Promise<void> {
  const started = performance.now();
  let fatal: unknown = null;
  let completion: Completion | null;
  session.commandRunning = true;
  try {
    const entry = lookupCommand(command.name);
    completion = checkState(command.name, entry.states, session.state);
    if (!completion) {
      try {
        completion = await entry.run(session, command);
      } catch (error) {
        if (endsSession(error)) fatal = error;
        completion = fatal ? null : completionFor(error, session);
      }
    }
    if (session.refreshPending || POLLING.has(command.name)) {
      session.refreshPending = false;
      await session.refresh();
    }
    // What the APPEND handler left of its command (after a refusal) is skipped, not run.
    if (command.name === 'APPEND') session.input.parser.abandonAppend();
    if (completion) {
      await session.updates.flush(!HOLDS_EXPUNGE.has(command.name));
      await session.write(
        statusResponse(command.tag, completion.status, completion.text, completion.code),
      );
    }
  } finally {
    session.commandRunning = false;
  }
  const durationMs = Math.round(performance.now() - started);
  session.log.debug(
    { command: command.name, tag: command.tag, status: completion?.status, durationMs },
    'command',
  );
  if (fatal) await session.close();
  else if (session.byeAfterResponse) await session.close(session.byeAfterResponse);
  else if (session.refreshPending) {
    // A notice came while the tagged response was written: its updates wait for the next command.
    session.refreshPending = false;
    session.mailboxChanged();
  }
}
