import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { MAILBOXES, type MailboxCounters } from '../collections.js';
import { MailboxNotFoundError } from '../errors.js';

/** A block of UIDs and MODSEQs allocated together: `uids[i]` goes with `modseqs[i]`. */
export interface Allocation {
  uidValidity: number;
  uids: number[];
  modseqs: number[];
  /** The mailbox counters right after the allocation (a starting point for the walk). */
  counters: MailboxCounters;
}

/**
 * Allocates `count` UIDs and as many MODSEQs in one atomic update of the mailbox, so that any
 * number of processes get distinct, strictly increasing values (RFC 3501 section 2.3.1.1,
 * RFC 7162 section 3.1). A UID and the MODSEQ allocated with it grow together.
 */
export async function allocateUids(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  count: number,
): Promise<Allocation> {
  const after = await store.db.collection<MailboxCounters>(MAILBOXES).findOneAndUpdate(
    { _id: mailbox, user },
    { $inc: { uidNext: count, highestModseq: count } },
    // No projection: FerretDB v1 does not implement `fields` in findAndModify.
    { returnDocument: 'after' },
  );
  if (!after) throw new MailboxNotFoundError(user, mailbox);
  const firstUid = after.uidNext - count;
  const firstModseq = after.highestModseq - count + 1;
  return {
    uidValidity: after.uidValidity,
    uids: Array.from({ length: count }, (_, i) => firstUid + i),
    modseqs: Array.from({ length: count }, (_, i) => firstModseq + i),
    counters: after,
  };
}

/** Allocates `count` MODSEQs of the mailbox (for flag changes and expunges). */
export async function allocateModseqs(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  count: number,
): Promise<number[]> {
  const after = await store.db
    .collection<MailboxCounters>(MAILBOXES)
    .findOneAndUpdate(
      { _id: mailbox, user },
      { $inc: { highestModseq: count } },
      { returnDocument: 'after' },
    );
  if (!after) throw new MailboxNotFoundError(user, mailbox);
  return Array.from({ length: count }, (_, i) => after.highestModseq - count + 1 + i);
}
