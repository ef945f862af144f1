import { ProtocolError, type SeqNumber, type SequenceSet } from '@mailstore/imap-proto';
import type { SelectedMailbox } from './selected.js';

/** First index in sorted `values` whose value is at least `target`. */
export function lowerBound(values: Uint32Array, target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function bad(message: string): never {
  throw new ProtocolError('IMAP_SYNTAX', message);
}

/**
 * The positions of the saved search result's messages (RFC 5182 section 2.1): `$` names the same
 * messages in sequence-number and UID commands; those expunged since are no longer there.
 */
function savedPositions(mailbox: SelectedMailbox): number[] {
  const { uids } = mailbox;
  const positions: number[] = [];
  for (const uid of mailbox.searchResult ?? []) {
    const index = lowerBound(uids, uid);
    if (uids[index] === uid) positions.push(index);
  }
  return positions;
}

/**
 * The 0-based positions (message sequence number - 1) a set names in the selected mailbox, sorted
 * and without repeats. UID sets skip UIDs that do not exist (RFC 3501 section 6.4.8); a message
 * sequence number above EXISTS is a BAD (RFC 3501 section 9, seq-number). Work is bounded by the
 * number of ranges times log(EXISTS) plus the messages named, whatever numbers the client sends.
 * `$` is the saved search result (RFC 5182), empty before any SEARCH RETURN (SAVE).
 */
export function resolvePositions(
  mailbox: SelectedMailbox,
  set: SequenceSet,
  uid: boolean,
): number[] {
  if ('saved' in set) return savedPositions(mailbox);
  const { uids } = mailbox;
  const count = uids.length;
  const largest = uid ? (count > 0 ? (uids[count - 1] as number) : 0) : count;
  const value = (n: SeqNumber) => (n === '*' ? largest : n);
  const positions = new Set<number>();
  for (const range of set.ranges) {
    const low = Math.min(value(range.from), value(range.to));
    const high = Math.max(value(range.from), value(range.to));
    if (!uid && (high > count || low < 1)) bad('no such message sequence number');
    const start = uid ? lowerBound(uids, low) : low - 1;
    const end = uid ? lowerBound(uids, high + 1) : high;
    for (let index = start; index < end; index += 1) positions.add(index);
  }
  return [...positions].sort((a, b) => a - b);
}
