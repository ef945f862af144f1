import { syntaxError, type Cursor } from './cursor.js';
import { searchProgram } from './search.js';
import type { Command, ThreadAlgorithm } from './types.js';

/** The thread-alg values of RFC 5256 section 4 this grammar takes; another is a syntax error. */
export const THREAD_ALGORITHMS: readonly ThreadAlgorithm[] = ['ORDEREDSUBJECT', 'REFERENCES'];

/**
 * The arguments of THREAD and UID THREAD, after the command name: `SP thread-alg SP
 * search-charset 1*(SP search-key)` (RFC 5256 section 4). The charset is required, with no
 * CHARSET keyword; it comes upper-cased and unchecked, as SORT's does, and the session answers
 * one it does not take with NO [BADCHARSET] once the whole command has parsed.
 */
export function threadCommand(cursor: Cursor, tag: string, uid: boolean): Command {
  cursor.sp();
  const name = cursor.keyword('a threading algorithm');
  const algorithm = THREAD_ALGORITHMS.find((known) => known === name);
  if (!algorithm) return syntaxError(`unknown threading algorithm ${name}`);
  cursor.sp();
  const charset = cursor.astring('a charset').toUpperCase();
  cursor.sp();
  const program = searchProgram(cursor);
  if (program.charset !== null) syntaxError('THREAD takes its charset without CHARSET');
  const command = uid ? 'UID THREAD' : 'THREAD';
  return { tag, name: command, uid, algorithm, charset, criteria: program.criteria };
}
