import { ProtocolError, type SequenceSet, type UidOrRange } from '@mailstore/imap-proto';
import type { ObjectId } from 'mongodb';
import { readChanges } from './journal-read.js';
import { lowerBound } from './sequence.js';
import type { Session } from './session.js';

/** Inclusive UID ranges, ascending by their start. */
export type UidRanges = ReadonlyArray<readonly [from: number, to: number]>;

/**
 * The ranges of a UID set (known-uids, or a UID FETCH set), `*` being `largest` and every range
 * cut to `1..largest`: UIDs above it were never given out (RFC 3501 section 9, seq-number). `$`
 * is `saved`, the saved search result (RFC 5182), where the command has one; else a BAD.
 */
export function uidRanges(set: SequenceSet, largest: number, saved?: Uint32Array): UidRanges {
  if ('saved' in set) {
    if (!saved) throw new ProtocolError('IMAP_SYNTAX', '$ cannot be used here');
    return savedRanges(saved);
  }
  const value = (n: number | '*') => (n === '*' ? largest : n);
  return set.ranges
    .map((range): [number, number] => {
      const low = Math.min(value(range.from), value(range.to));
      const high = Math.max(value(range.from), value(range.to));
      return [low, Math.min(high, largest)];
    })
    .filter(([low, high]) => low <= high)
    .sort((a, b) => a[0] - b[0]);
}

/** Ascending UIDs as ranges of consecutive ones. */
function savedRanges(uids: Uint32Array): UidRanges {
  const ranges: Array<[number, number]> = [];
  for (const uid of uids) {
    const last = ranges.at(-1);
    if (last && last[1] + 1 === uid) last[1] = uid;
    else ranges.push([uid, uid]);
  }
  return ranges;
}

/** What to look for: UIDs in `within` that are not `present`, gone since `sinceModseq`. */
export interface VanishedQuery {
  mailbox: ObjectId;
  sinceModseq: bigint;
  /** The MODSEQ the answer is as of: the journal is read up to it. */
  untilModseq: number;
  within: UidRanges;
  /** UIDs that exist (or that the client still holds), ascending. */
  present: Uint32Array;
}

/**
 * The UIDs expunged since a MODSEQ, for VANISHED (EARLIER) (RFC 7162 sections 3.2.5.1 and
 * 3.2.6), from the change journal. When the journal no longer reaches back that far (pruned
 * after JOURNAL_RETENTION_MS, or too long to page through), every UID in `within` that is not
 * present is named instead: a superset, which RFC 7162 section 3.2.5.1 allows a server that does
 * not keep every expunge.
 */
export async function vanishedSince(session: Session, query: VanishedQuery): Promise<UidOrRange[]> {
  const { sinceModseq, untilModseq, within, present } = query;
  if (within.length === 0 || sinceModseq >= BigInt(untilModseq)) return [];
  const since = Number(sinceModseq);
  const { store } = session.env;
  const journal = await readChanges(store, session.userId, query.mailbox, since, untilModseq);
  if (journal.complete) {
    return journal.expunged.filter((uid) => inRanges(within, uid) && !isPresent(present, uid));
  }
  return absent(within, present);
}

function inRanges(ranges: UidRanges, uid: number): boolean {
  return ranges.some(([low, high]) => uid >= low && uid <= high);
}

function isPresent(present: Uint32Array, uid: number): boolean {
  return present[lowerBound(present, uid)] === uid;
}

/** The gaps `present` leaves in `within`, as ranges: one pass over the present UIDs. */
function absent(within: UidRanges, present: Uint32Array): UidOrRange[] {
  const gaps: Array<[number, number]> = [];
  for (const [low, high] of within) {
    let next = low;
    for (let index = lowerBound(present, low); index < present.length; index += 1) {
      const uid = present[index] as number;
      if (uid > high) break;
      if (uid > next) gaps.push([next, uid - 1]);
      next = uid + 1;
    }
    if (next <= high) gaps.push([next, high]);
  }
  return gaps;
}
