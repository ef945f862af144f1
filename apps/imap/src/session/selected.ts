import type { ObjectId } from 'mongodb';
import type { Keywords } from './flag-list.js';
import type { RecentUids } from './recent.js';

/**
 * Changes made elsewhere that the client has not been told yet. They are applied to `uids` only
 * when their responses go out, so message sequence numbers keep their meaning until then (RFC
 * 3501 section 7.4.1: no EXPUNGE during FETCH, STORE or SEARCH, nor outside a command).
 */
export interface PendingChanges {
  /** UIDs still in `uids` that are gone from the store: `* n EXPUNGE` to send. */
  expunged: Set<number>;
  /**
   * A MODSEQ below that of every expunge in `expunged` (the session's MODSEQ when the first of
   * them was learnt), or null when none waits: see UpdateQueue.flush.
   */
  expungedAfter: number | null;
  /**
   * New flags of messages in `uids`, with the MODSEQ of the change: `* n FETCH (FLAGS ...)` to
   * send (with UID and MODSEQ once CONDSTORE is enabled).
   */
  flags: Map<number, FlagChange>;
  /** UIDs above the last of `uids`, ascending: `* n EXISTS` to send. */
  added: number[];
  /**
   * Keywords the added messages carry (an LMTP filter's, another client's APPEND): a FLAGS
   * response to send first when one is new to the mailbox (RFC 3501 section 7.2.6).
   */
  addedKeywords: string[];
}

/** A message's flags after a change, and the MODSEQ the change gave it. */
export interface FlagChange {
  flags: string[];
  modseq: number;
}

/**
 * The selected mailbox as this session knows it: a cache of the store kept current from the
 * change journal (RFC 3501 section 2.3.1.2 message sequence numbers map to `uids`, as the client
 * knows them). Kept as a Uint32Array: 4 bytes per message.
 */
export interface SelectedMailbox {
  id: ObjectId;
  /** The current name; a rename elsewhere updates it (the id is stable). */
  path: string;
  /** EXAMINE, or SELECT of a mailbox the user may not change. */
  readOnly: boolean;
  uidValidity: number;
  uids: Uint32Array;
  /** The UID watermark last seen: every UID at or below it is in `uids`, pending or gone. */
  lastKnownUid: number;
  /** Changes up to this MODSEQ are in `uids` or `pending`. */
  modseq: number;
  /** MODSEQs of this session's own flag changes, already reported: refresh skips them. */
  ownModseqs: Set<number>;
  pending: PendingChanges;
  /** The messages that are \Recent in this session (RFC 3501 section 2.3.2). */
  recent: RecentUids;
  /** Keywords announced in FLAGS, by lower-cased name (see flag-list.ts). */
  keywords: Keywords;
  /**
   * The search result variable of RFC 5182 (`$`): UIDs, ascending, saved by the last SEARCH
   * RETURN (SAVE); absent, meaning empty, until then. Every SELECT or EXAMINE makes a new
   * SelectedMailbox, so they, CLOSE and UNSELECT reset it (section 2.1). See search-result.ts.
   */
  searchResult?: Uint32Array;
}

/** Pending changes with nothing in them. */
export function noPendingChanges(): PendingChanges {
  return {
    expunged: new Set(),
    expungedAfter: null,
    flags: new Map(),
    added: [],
    addedKeywords: [],
  };
}
