import { parenthesized } from './arguments.js';
import { syntaxError, type Cursor } from './cursor.js';
import { searchProgram } from './search.js';
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

/**
 * `"RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")" SP` before the sort criteria
 * (RFC 5267 section 3, the search-return-opts of RFC 4466), or null without RETURN. The options
 * come upper-cased and unchecked: the session knows which it answers and refuses the others
 * with BAD.
 */
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
 * charset is required here, with no CHARSET keyword. It comes upper-cased and unchecked, as
 * SEARCH's does: the session answers one it does not take with NO [BADCHARSET], since a failed
 * `SORT RETURN (SAVE)` also empties the saved result (RFC 5182 section 2.1).
 */
export function sortCommand(cursor: Cursor, tag: string, uid: boolean): Command {
  cursor.sp();
  const returnOptions = sortReturn(cursor);
  const sortCriteria = parenthesized(cursor, () => sortCriterion(cursor), false);
  cursor.sp();
  const charset = cursor.astring('a charset').toUpperCase();
  cursor.sp();
  const program = searchProgram(cursor);
  if (program.charset !== null) syntaxError('SORT takes its charset without CHARSET');
  const name = uid ? 'UID SORT' : 'SORT';
  return { tag, name, uid, returnOptions, sortCriteria, charset, criteria: program.criteria };
}
