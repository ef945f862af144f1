import type { AppendCommand, Command } from '@mailstore/imap-proto';
import { statusResponse } from '@mailstore/imap-proto';
import { lookupCommand } from '../commands/registry.js';
import { completionFor, endsSession } from './errors.js';
import type { Session } from './session.js';
import { refreshSelected } from './refresh.js';
import { checkState } from './state-gate.js';

/**
 * Runs one command: the state gate, the handler, the tagged response and one debug log line
 * with the duration and outcome. Handlers return their completion, or null when they wrote the
 * tagged response themselves (STARTTLS must answer before the handshake).
 */
export async function dispatch(session: Session, command: Command | AppendCommand): Promise<void> {
  const started = performance.now();
  const entry = lookupCommand(command.name);
  let fatal: unknown = null;
  let completion = checkState(command.name, entry.states, session.state);
  if (!completion) {
    session.commandRunning = true;
    try {
      completion = await entry.run(session, command);
    } catch (error) {
      if (endsSession(error)) fatal = error;
      completion = fatal ? null : completionFor(error, session);
    } finally {
      session.commandRunning = false;
    }
  }
  if (session.refreshPending) {
    session.refreshPending = false;
    await refreshSelected(session).catch((error: unknown) => {
      session.log.error({ err: error }, 'mailbox refresh failed');
    });
  }
  if (command.name === 'APPEND' && session.input.parser.awaitingLiteralDecision) {
    session.input.parser.rejectLiteral();
  }
  if (completion) {
    await session.updates.flush();
    await session.write(
      statusResponse(command.tag, completion.status, completion.text, completion.code),
    );
  }
  const durationMs = Math.round(performance.now() - started);
  session.log.debug(
    { command: command.name, tag: command.tag, status: completion?.status, durationMs },
    'command',
  );
  if (fatal) await session.close();
  else if (session.byeAfterResponse) await session.close(session.byeAfterResponse);
}
