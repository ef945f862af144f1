import type { Filter, ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import {
  idRange,
  JOURNAL,
  MAILBOXES,
  type JournalDoc,
  type MailboxCounters,
} from '../collections.js';
import { ledgerId } from './append.js';
import type { JournalEntry, JournalKind } from './types.js';

/** Most entries one {@link readJournal} call returns; callers page with `sinceModseq`. */
export const MAX_JOURNAL_READ_ENTRIES = 1_000;

/** What {@link readJournal} reads. */
export interface ReadJournalOptions {
  user: ObjectId;
  /** One mailbox: entries with `sinceModseq < modseq <= modseqCommitted`, by MODSEQ. */
  mailbox?: ObjectId;
  sinceModseq?: number;
  /** Without a mailbox: the user's entries written at or after this time, oldest first. */
  since?: Date;
  limit?: number;
}

/**
 * Reads what changed. For one mailbox it returns entries above `sinceModseq` up to the
 * committed MODSEQ watermark only, so a reader never skips a change that commits later with a
 * lower MODSEQ (RFC 7162 section 3.1.1); `hole` entries are left out.
 */
export async function readJournal(
  store: Store,
  options: ReadJournalOptions,
): Promise<JournalEntry[]> {
  const limit = Math.min(options.limit ?? MAX_JOURNAL_READ_ENTRIES, MAX_JOURNAL_READ_ENTRIES);
  const journal = store.db.collection<JournalDoc>(JOURNAL);
  let filter: Filter<JournalDoc>;
  let sort: Record<string, 1>;
  if (options.mailbox) {
    const counters = await store.db
      .collection<MailboxCounters>(MAILBOXES)
      .findOne(
        { _id: options.mailbox, user: options.user },
        { projection: { modseqCommitted: 1 } },
      );
    const top = counters?.modseqCommitted ?? 1;
    // Ledger ids sort by MODSEQ: the wanted entries are one `_id` range.
    filter = {
      _id: {
        $gt: ledgerId(options.user, options.mailbox, options.sinceModseq ?? 0),
        $lte: ledgerId(options.user, options.mailbox, top),
      },
    };
    sort = { _id: 1 };
  } else {
    filter = { _id: idRange(options.user), createdAt: { $gte: options.since ?? new Date(0) } };
    sort = { createdAt: 1 };
  }
  const docs = await journal.find(filter).sort(sort).limit(limit).toArray();
  return docs.filter((doc) => doc.kind !== 'hole').map(toEntry);
}

function toEntry(doc: JournalDoc): JournalEntry {
  return {
    user: doc.user,
    mailbox: doc.mailbox,
    kind: doc.kind as JournalKind,
    createdAt: doc.createdAt,
    ...(doc.modseq === undefined ? {} : { modseq: doc.modseq }),
    ...(doc.uid === undefined ? {} : { uid: doc.uid }),
    ...(doc.data === undefined ? {} : { data: doc.data }),
  };
}
