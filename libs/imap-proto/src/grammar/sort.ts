import { parenthesized } from './arguments.js';
import { syntaxError, type Cursor } from './cursor.js';
import { checkCharset, searchProgram } from './search.js';
import type { Command, SortCriterion, SortKey } from './types.js';

/** sort-key of RFC 5256 section 4. */
const SORT_KEYS: readonly SortKey[] = ['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO'];

/** sort-criterion: `["REVERSE" SP] sort-key` (RFC 5256 section 4). */
function sortCriterion(cursor: Cursor): SortCriterion {
  let name = cursor.keyword('a sort key');
  const reverse = name === 'REVERSE';
  if (reverse) {
    cursor.sp();
    name = cursor.keyword('a sort key');
  }
  const key = SORT_KEYS.find((known) => known === name);
  if (!key) return syntaxError(`unknown sort key ${name}`);
  return { key, reverse };
}

/** `SP "RETURN" SP "(" [option *(SP option)] ")"` of ESORT (RFC 5267 section 3), or null. */
function sortReturn(cursor: Cursor): string[] | null {
  if (cursor.peekKeyword() !== 'RETURN') return null;
  cursor.atom();
  cursor.sp();
  const options = parenthesized(cursor, () => cursor.keyword('a SORT return option'));
  cursor.sp();
  return options;
}

/**
 * The arguments of SORT and UID SORT, after the command name: `[RETURN (...) SP]
 * (sort-criteria) SP charset 1*(SP search-key)` (RFC 5256 section 4, RFC 5267 section 3). The
 * charset is required here, with no CHARSET keyword; one SEARCH does not take is NO
 * [BADCHARSET], as in SEARCH.
 */
export function sortCommand(cursor: Cursor, tag: string, uid: boolean): Command {
  cursor.sp();
  const returnOptions = sortReturn(cursor);
  const sortCriteria = parenthesized(cursor, () => sortCriterion(cursor), false);
  cursor.sp();
  const charsetName = cursor.astring('a charset');
  cursor.sp();
  const program = searchProgram(cursor);
  if (program.charset !== null) syntaxError('SORT takes its charset without CHARSET');
  // Checked once the whole command parsed: a command missing its keys is BAD, not BADCHARSET.
  const charset = checkCharset(charsetName);
  const name = uid ? 'UID SORT' : 'SORT';
  return { tag, name, uid, returnOptions, sortCriteria, charset, criteria: program.criteria };
}
