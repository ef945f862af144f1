import { ProtocolError } from '../errors.js';
import { MAX_LIST_ITEMS } from '../limits.js';
import { syntaxError, type Cursor } from './cursor.js';
import type { SeqNumber, SeqRange, SequenceSet } from './types.js';

function seqNumber(cursor: Cursor): SeqNumber {
  if (cursor.accept(0x2a)) return '*';
  return cursor.nzNumber('a sequence number');
}

/** sequence-set (RFC 3501 section 9) or `$` (RFC 5182): `1:4,7,9:*`. */
export function sequenceSet(cursor: Cursor): SequenceSet {
  if (cursor.accept(0x24)) return { saved: true };
  const ranges: SeqRange[] = [];
  do {
    if (ranges.length >= MAX_LIST_ITEMS) {
      throw new ProtocolError('IMAP_TOO_MANY_ITEMS', 'sequence set has too many ranges');
    }
    const from = seqNumber(cursor);
    const to = cursor.accept(0x3a) ? seqNumber(cursor) : from;
    ranges.push({ from, to });
  } while (cursor.accept(0x2c));
  return { ranges };
}

/** Tells whether the next byte can start a sequence set (a search key may be one). */
export function startsSequenceSet(byte: number): boolean {
  return byte === 0x2a || byte === 0x24 || (byte >= 0x31 && byte <= 0x39);
}

/** Writes a sequence set back in its wire form. */
export function formatSequenceSet(set: SequenceSet): string {
  if ('saved' in set) return '$';
  return set.ranges
    .map(({ from, to }) => (from === to ? String(from) : `${String(from)}:${String(to)}`))
    .join(',');
}

/**
 * Expands a sequence set to the numbers it names among 1..`max` (RFC 3501 section 9: `*` is
 * `max`, and `a:b` means the same as `b:a`), sorted and without repeats.
 */
export function expandSequenceSet(set: SequenceSet, max: number): number[] {
  if ('saved' in set) return syntaxError('no saved search result');
  const seen = new Set<number>();
  for (const { from, to } of set.ranges) {
    const a = from === '*' ? max : from;
    const b = to === '*' ? max : to;
    const low = Math.max(1, Math.min(a, b));
    const high = Math.min(max, Math.max(a, b));
    for (let n = low; n <= high; n += 1) seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}
