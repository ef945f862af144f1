import type { ObjectId } from 'mongodb';

/**
 * The selected mailbox as this session knows it: a cache of the store (RFC 3501 section 2.3.1.2
 * message sequence numbers map to `uids`). Kept as a Uint32Array: 4 bytes per message.
 * TODO(#5): kept current from the change journal; \Recent (RFC 3501 section 2.3.2).
 */
export interface SelectedMailbox {
  id: ObjectId;
  path: string;
  /** EXAMINE, or SELECT of a mailbox the user may not change. */
  readOnly: boolean;
  uidValidity: number;
  uids: Uint32Array;
  /** Changes up to this MODSEQ are reflected in this session. */
  modseq: number;
  /** MODSEQs of this session's own flag changes, already reported: refresh skips them. */
  ownModseqs: Set<number>;
}
