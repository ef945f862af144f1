import type { SelectedMailbox } from './selected.js';
import { lowerBound } from './sequence.js';

const EMPTY = new Uint32Array(0);

/**
 * The saved search result (RFC 5182 section 2.1): the UIDs the last SEARCH RETURN (SAVE) kept,
 * empty before any. It is kept as UIDs whether the search was SEARCH or UID SEARCH, so that `$`
 * means the same messages in FETCH and UID FETCH, and a message expunged since simply matches
 * nothing any more (its UID is never given out again).
 */
export function savedUids(mailbox: SelectedMailbox): Uint32Array {
  return mailbox.searchResult ?? EMPTY;
}

/** Replaces the saved search result with `uids` (any order; kept ascending). */
export function saveSearchResult(mailbox: SelectedMailbox, uids: readonly number[]): void {
  mailbox.searchResult = Uint32Array.from(uids).sort();
}

/** Whether `uid` is in a saved search result. */
export function isSavedUid(saved: Uint32Array, uid: number): boolean {
  return saved[lowerBound(saved, uid)] === uid;
}
