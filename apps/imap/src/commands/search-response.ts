import { atom, quote, untaggedResponse, type ImapValue } from '@mailstore/imap-proto';
import { ProtocolError } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import type { CommandOf } from './registry.js';

/** The RETURN options of RFC 4731 section 3.1 and SAVE of RFC 5182 this server answers. */
const RETURN_OPTIONS = ['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE'] as const;
export type ReturnOption = (typeof RETURN_OPTIONS)[number];

/**
 * Checks `RETURN (...)` of SEARCH or, with ESORT, of SORT (RFC 5267 section 3): an empty list
 * means ALL (RFC 4731 section 3.1); an option this server does not know is BAD.
 */
export function parseReturnOptions(
  options: readonly string[],
  command: 'SEARCH' | 'SORT' = 'SEARCH',
): Set<ReturnOption> {
  if (options.length === 0) return new Set(['ALL']);
  const known = new Set<ReturnOption>();
  for (const option of options) {
    const match = RETURN_OPTIONS.find((name) => name === option.toUpperCase());
    if (!match) {
      throw new ProtocolError('IMAP_SYNTAX', `${command} RETURN ${option} is not supported`);
    }
    known.add(match);
  }
  return known;
}

/**
 * Numbers as a sequence set in the order given, a range only where consecutive numbers ascend
 * one by one: `1:3,5` for ascending numbers (RFC 4731 `sequence-set`), and `9,8,2:4` for a SORT
 * order, which ranges must not reorder (RFC 5267 section 3.2 expands `4:2` as `2,3,4`).
 */
export function compactSequenceSet(numbers: readonly number[]): string {
  const ranges: string[] = [];
  let index = 0;
  while (index < numbers.length) {
    const first = numbers[index]!;
    let last = first;
    while (numbers[index + 1] === last + 1) last = numbers[++index]!;
    ranges.push(first === last ? String(first) : `${first}:${last}`);
    index += 1;
  }
  return ranges.join(',');
}

/**
 * What a search found, in the order the response gives it (ascending for SEARCH, the sort order
 * for SORT), and the MODSEQs of the same messages in the same order after a MODSEQ key.
 */
export interface SearchResult {
  found: readonly number[];
  modseqs: readonly number[] | null;
}

/**
 * The MODSEQ a response carries (RFC 7162 section 3.1.5): the highest of the messages it
 * returns; with MIN or MAX alone (RFC 7162 section 3.1.10), that of the one message returned,
 * the first or last of `modseqs`.
 */
export function resultModseq(
  options: ReadonlySet<ReturnOption> | null,
  modseqs: readonly number[],
) {
  // SAVE adds nothing to the response, so (SAVE MIN) answers as MIN alone does.
  const answered = [...(options ?? [])].filter((option) => option !== 'SAVE');
  const only = answered.length === 1 ? answered[0] : undefined;
  if (only === 'MIN') return modseqs[0]!;
  if (only === 'MAX') return modseqs.at(-1)!;
  return modseqs.reduce((highest, modseq) => Math.max(highest, modseq), 0);
}

/**
 * What SAVE keeps of the found messages (RFC 5182 section 2.4): all of them, unless SAVE comes
 * with MIN and/or MAX and neither ALL nor COUNT, when it keeps just the message(s) they name,
 * the first and last of `found` (ascending for SEARCH, in sort order for SORT, whose MIN and
 * MAX are the first and last sorted, RFC 5267 section 3.1). The result is a subset of `found`.
 */
export function savedSelection<T>(options: ReadonlySet<ReturnOption>, found: readonly T[]): T[] {
  const extremesOnly = !options.has('ALL') && !options.has('COUNT');
  if (!extremesOnly || (!options.has('MIN') && !options.has('MAX'))) return [...found];
  const kept = new Set<T>();
  if (options.has('MIN') && found.length > 0) kept.add(found[0]!);
  if (options.has('MAX') && found.length > 0) kept.add(found.at(-1)!);
  return [...kept];
}

/**
 * `* SEARCH n...` (RFC 3501 section 7.2.5), or with RETURN options the ESEARCH response of
 * {@link esearchResponse}. After a MODSEQ key, a `* SEARCH` that names messages ends with
 * `(MODSEQ n)`. SAVE alone asks for no response at all (RFC 5182 section 2.1): null.
 */
export function searchResponse(
  session: Session,
  command: CommandOf<'SEARCH' | 'UID SEARCH'>,
  options: ReadonlySet<ReturnOption> | null,
  result: SearchResult,
): Buffer | null {
  if (options) return esearchResponse(session, command, options, result);
  const { found, modseqs } = result;
  const suffix =
    modseqs && modseqs.length > 0 ? [[atom('MODSEQ'), resultModseq(null, modseqs)]] : [];
  return untaggedResponse([atom('SEARCH'), ...found, ...suffix], session);
}

/**
 * `* ESEARCH (TAG "t") [UID]` and the results asked for (RFC 4731 section 3.1), for SEARCH and
 * for SORT with ESORT (RFC 5267 section 3.1): MIN and MAX are the first and last of `found`,
 * ALL keeps its order. With no match MIN, MAX and ALL are left out, as RFC 4731 section 3.1
 * requires; COUNT 0 is still given. After a MODSEQ key a response that names messages ends
 * with `MODSEQ n`. SAVE alone asks for no response at all (RFC 5182 section 2.1): null.
 */
export function esearchResponse(
  session: Session,
  command: { tag: string; uid: boolean },
  options: ReadonlySet<ReturnOption>,
  result: SearchResult,
): Buffer | null {
  if (options.size === 1 && options.has('SAVE')) return null;
  const { found, modseqs } = result;
  const modseq = modseqs && modseqs.length > 0 ? resultModseq(options, modseqs) : null;
  const values: ImapValue[] = [atom('ESEARCH'), atom(`(TAG ${quote(command.tag)})`)];
  if (command.uid) values.push(atom('UID'));
  if (found.length > 0 && options.has('MIN')) values.push(atom('MIN'), found[0]!);
  if (found.length > 0 && options.has('MAX')) values.push(atom('MAX'), found.at(-1)!);
  if (options.has('COUNT')) values.push(atom('COUNT'), found.length);
  if (found.length > 0 && options.has('ALL')) {
    values.push(atom('ALL'), atom(compactSequenceSet(found)));
  }
  if (modseq !== null) values.push(atom('MODSEQ'), modseq);
  return untaggedResponse(values, session);
}
